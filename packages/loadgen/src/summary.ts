/**
 * The run summary (pure): totals from the series, percentiles from the merged histograms, and the
 * generator's own health (DESIGN.md: a saturated generator says so).
 */
import { addCacheCounts, emptyCacheCounts } from './cache-outcome.js';
import { maxMs, percentileMs, summarizeHistogram, type LatencyHistogram } from './histogram.js';
import type { GeneratorHealth, LoadBucket, LoadSummary, RetryCounts, RetrySummary } from './result.js';
import { addStatusCounts, emptyStatusCounts } from './status-class.js';

/** Schedule lag p99 above this (ms) means the generator could not keep to its schedule. */
export const SATURATION_LAG_P99_MS = 10;

export interface SummaryInput {
  series: readonly LoadBucket[];
  intervalMs: number;
  /** seconds the schedule actually ran (durationS, or less when stopped early) */
  scheduledS: number;
  latency: LatencyHistogram;
  serviceTime: LatencyHistogram;
  scheduleLag: LatencyHistogram;
  bodyBytes?: number;
  /** worker threads that failed during the run (their share of the load stopped with them) */
  workersFailed?: number;
}

export function summarizeRun(input: SummaryInput): LoadSummary {
  const status = emptyStatusCounts();
  const cache = emptyCacheCounts();
  let requests = 0;
  let sent = 0;
  let responses = 0;
  let dropped = 0;
  let peak503 = 0;
  let retry: { retries: number; budgetDenied: number; gaveUp: number } | undefined;
  for (const b of input.series) {
    if (b.retry) {
      retry ??= { retries: 0, budgetDenied: 0, gaveUp: 0 };
      retry.retries += b.retry.retries;
      retry.budgetDenied += b.retry.budgetDenied;
      retry.gaveUp += b.retry.gaveUp;
    }
    requests += b.intended;
    sent += b.sent;
    responses += b.responses;
    dropped += b.dropped;
    addStatusCounts(status, b.status);
    addCacheCounts(cache, b.cache);
    if (b.status['503'] > peak503) peak503 = b.status['503'];
  }
  return {
    requests,
    sent,
    responses,
    dropped,
    status,
    cache,
    rate503: responses > 0 ? status['503'] / responses : 0,
    peak503PerSec: (peak503 * 1000) / input.intervalMs,
    achievedRatePerS: input.scheduledS > 0 ? responses / input.scheduledS : 0,
    latencyMs: summarizeHistogram(input.latency),
    serviceTimeMs: summarizeHistogram(input.serviceTime),
    generator: generatorHealth(dropped, input.scheduleLag, input.workersFailed ?? 0),
    ...(input.bodyBytes === undefined ? {} : { bodyBytes: input.bodyBytes }),
    ...(retry ? { retry: retrySummary(sent, retry) } : {}),
  };
}

/** The run's retry totals: `logical` = first attempts sent, `attempts` = those plus the retries. */
export function retrySummary(logical: number, counts: RetryCounts): RetrySummary {
  const attempts = logical + counts.retries;
  return {
    logical,
    attempts,
    retries: counts.retries,
    budgetDenied: counts.budgetDenied,
    gaveUp: counts.gaveUp,
    amplification: logical > 0 ? attempts / logical : 0,
  };
}

export function generatorHealth(dropped: number, scheduleLag: LatencyHistogram, workersFailed = 0): GeneratorHealth {
  const scheduleLagP99Ms = percentileMs(scheduleLag, 99);
  const scheduleLagMaxMs = maxMs(scheduleLag);
  const reasons: string[] = [];
  if (dropped > 0) reasons.push(`${dropped} request(s) dropped: max in-flight per worker reached`);
  if (scheduleLagP99Ms > SATURATION_LAG_P99_MS) {
    reasons.push(`schedule lag p99 ${scheduleLagP99Ms} ms > ${SATURATION_LAG_P99_MS} ms`);
  }
  if (workersFailed > 0) {
    reasons.push(`${workersFailed} worker thread(s) failed during the run: the load after that was short by their share`);
  }
  return {
    saturated: reasons.length > 0,
    scheduleLagP99Ms,
    scheduleLagMaxMs,
    ...(workersFailed > 0 ? { workersFailed } : {}),
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}
