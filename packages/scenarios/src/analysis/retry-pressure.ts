import type { RetrySummary, SeriesPoint } from '../record/report.js';

/**
 * Attempts per logical request at or above which a run that did not recover is said to be sustained by its clients'
 * retries: 1.5 = at least a third of the attempts are retries. A healthy client retries a few requests (1.0x); a
 * retry storm multiplies its load by up to maxAttempts.
 */
export const RETRY_SUSTAINED_MIN = 1.5;

/**
 * Share of the origin's arrivals that were client retries at or above which the same is said. Behind a cache most
 * requests are hits and are never retried, so attempts per request stays low even in a storm; what keeps the
 * origin down is the share of its traffic that is retries (the ratio of client retries to origin arrivals over the
 * window, capped at 1: a retry of a miss reaches the origin, a retry that hits does not).
 */
export const RETRY_SHARE_SUSTAINED_MIN = 0.5;

export interface RetryPressure {
  /** attempts / logical requests over the window */
  attemptsPerRequest: number;
  /** the window's length, seconds */
  windowS: number;
  /** attempts / logical requests in the baseline window (null without retry data there) */
  baselineAttemptsPerRequest: number | null;
  /** client retries / origin arrivals over the window, capped at 1; null when the origin saw nothing */
  retryShareOfOrigin: number | null;
  /** the same over the baseline window */
  baselineRetryShareOfOrigin: number | null;
}

/**
 * Attempts per logical request over the last `windowBuckets` buckets after the fault in which the generator was
 * still sending (the drain after the last request is left out); null when the load had no retry policy or sent
 * nothing then.
 */
export function retryPressure(
  series: readonly SeriesPoint[],
  at: { faultIndex: number; windowBuckets: number; intervalMs: number; baseline: { start: number; end: number } },
): RetryPressure | null {
  const sending = series.slice(Math.max(0, at.faultIndex)).filter((p) => p.sent > 0 && p.retry !== undefined);
  const last = sending.slice(-at.windowBuckets);
  const ratio = attemptsPerRequest(last);
  if (ratio === null) return null;
  const baseline = series.slice(at.baseline.start, at.baseline.end);
  return {
    attemptsPerRequest: ratio,
    windowS: (last.length * at.intervalMs) / 1000,
    baselineAttemptsPerRequest: attemptsPerRequest(baseline),
    retryShareOfOrigin: retryShare(last),
    baselineRetryShareOfOrigin: retryShare(baseline),
  };
}

function retryShare(points: readonly SeriesPoint[]): number | null {
  let retries = 0;
  let arrivals = 0;
  for (const p of points) {
    retries += p.retry?.retries ?? 0;
    arrivals += p.origin.arrivals;
  }
  return arrivals > 0 ? Math.min(1, retries / arrivals) : null;
}

function attemptsPerRequest(points: readonly SeriesPoint[]): number | null {
  let logical = 0;
  let retries = 0;
  for (const p of points) {
    if (!p.retry) continue;
    logical += p.sent;
    retries += p.retry.retries;
  }
  return logical > 0 ? (logical + retries) / logical : null;
}

/**
 * Why recovery was not reached, when retries explain it: over the last window, attempts per request at least
 * RETRY_SUSTAINED_MIN, or client retries at least RETRY_SHARE_SUSTAINED_MIN of the origin's arrivals — and above
 * the baseline's. Otherwise null.
 */
export function sustainedByRetries(pressure: RetryPressure | null): string | null {
  if (pressure === null) return null;
  const { attemptsPerRequest: ratio, baselineAttemptsPerRequest: base } = pressure;
  const { retryShareOfOrigin: share, baselineRetryShareOfOrigin: baseShare } = pressure;
  const byAttempts = ratio >= RETRY_SUSTAINED_MIN && (base === null || ratio > base);
  const byShare = share !== null && share >= RETRY_SHARE_SUSTAINED_MIN && (baseShare === null || share > baseShare);
  if (!byAttempts && !byShare) return null;
  const window = `in the last ${formatS(pressure.windowS)}`;
  if (byAttempts) return `sustained by retries: ${ratio.toFixed(1)} attempts per request ${window}`;
  return `sustained by retries: ${Math.round((share as number) * 100)}% of the origin's arrivals were client retries (${ratio.toFixed(1)} attempts per request) ${window}`;
}

function formatS(s: number): string {
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The run's retry totals from the series (when the generator's own summary is not at hand). */
export function retryTotals(series: readonly SeriesPoint[]): RetrySummary | null {
  let any = false;
  let logical = 0;
  let retries = 0;
  let budgetDenied = 0;
  let gaveUp = 0;
  for (const p of series) {
    if (!p.retry) continue;
    any = true;
    logical += p.sent;
    retries += p.retry.retries;
    budgetDenied += p.retry.budgetDenied;
    gaveUp += p.retry.gaveUp;
  }
  if (!any) return null;
  const attempts = logical + retries;
  return { logical, attempts, retries, budgetDenied, gaveUp, amplification: logical > 0 ? attempts / logical : 0 };
}
