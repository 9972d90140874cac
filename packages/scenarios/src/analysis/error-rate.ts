import type { StatusCounts } from '../record/report.js';

/**
 * Outcomes that count as errors for the recovery rule: 503, other 5xx, timeouts and connection errors.
 * 4xx are excluded from the numerator (they say the request was wrong — a key or config problem — not that the
 * cache or origin is overloaded) but they are responses, so they stay in the denominator.
 */
export function errorCount(status: StatusCounts): number {
  return status['503'] + status['5xx'] + status.timeout + status.connError;
}

/** Every outcome: responses (2xx + 4xx + 503 + 5xx) plus timeouts and connection errors. */
export function outcomeCount(status: StatusCounts): number {
  return status['2xx'] + status['4xx'] + status['503'] + status['5xx'] + status.timeout + status.connError;
}

/**
 * (503 + 5xx + timeout + connError) / (responses + timeout + connError); null when there was no outcome at all
 * (an empty bucket is "unknown", never "healthy").
 */
export function errorRate(status: StatusCounts): number | null {
  const outcomes = outcomeCount(status);
  return outcomes === 0 ? null : errorCount(status) / outcomes;
}
