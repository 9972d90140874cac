/**
 * Several generators' results as the one result a single generator of their summed rate would have produced: the
 * shards of a sharded run (or any runs on one interval grid). Exact, as the workers of one run are merged: counters
 * summed per epoch-aligned bucket, HDR histograms added (bucket, whole-run, service time, schedule lag), and every
 * percentile recomputed from the added histograms, never averaged.
 */
import { addEncoded, createHistogram, encodeHistogram } from './histogram.js';
import type { LoadBucket, LoadResult } from './result.js';
import type { LoadSpec } from './spec.js';
import { summarizeRun } from './summary.js';
import { mergeBuckets } from './timeseries.js';

export interface CombineOptions {
  /** the combined run's spec (the full rate); default: the first part's */
  spec?: LoadSpec;
  /** generators that failed without a result: counted as failed workers (the load was short by their share) */
  missing?: number;
}

/**
 * @throws RangeError when there is nothing to combine or the parts are on different interval grids
 */
export function combineResults(parts: readonly LoadResult[], options: CombineOptions = {}): LoadResult {
  const first = parts[0];
  if (!first) throw new RangeError('no results to combine');
  const intervalMs = first.spec.intervalMs;
  for (const p of parts) {
    if (p.spec.intervalMs !== intervalMs || p.series.some((b) => b.t % intervalMs !== 0)) {
      throw new RangeError(`results are not on one ${intervalMs} ms interval grid`);
    }
  }

  const byT = new Map<number, LoadBucket[]>();
  for (const p of parts) {
    for (const b of p.series) {
      const at = byT.get(b.t);
      if (at) at.push(b);
      else byT.set(b.t, [b]);
    }
  }
  const latency = createHistogram();
  const serviceTime = createHistogram();
  const scheduleLag = createHistogram();
  const series = [...byT.keys()].sort((a, b) => a - b).map((t) => mergeBuckets(t, byT.get(t) ?? []));
  let bodyBytes = 0;
  let workersFailed = options.missing ?? 0;
  let scheduledS = 0;
  const errors: string[] = [];
  for (const p of parts) {
    addEncoded(latency, p.histograms.all);
    addEncoded(serviceTime, p.histograms.serviceTime);
    addEncoded(scheduleLag, p.histograms.scheduleLag);
    bodyBytes += p.summary.bodyBytes ?? 0;
    workersFailed += p.summary.generator.workersFailed ?? 0;
    if (p.summary.achievedRatePerS > 0) scheduledS = Math.max(scheduledS, p.summary.responses / p.summary.achievedRatePerS);
    errors.push(...(p.errors ?? []));
  }
  const t0 = Math.min(...parts.map((p) => p.t0));
  const result: LoadResult = {
    spec: options.spec ?? first.spec,
    startedAt: new Date(t0).toISOString(),
    t0,
    endedAt: Math.max(...parts.map((p) => p.endedAt)),
    stoppedEarly: parts.some((p) => p.stoppedEarly),
    summary: summarizeRun({ series, intervalMs, scheduledS, latency, serviceTime, scheduleLag, bodyBytes, workersFailed }),
    series,
    histograms: { all: encodeHistogram(latency), serviceTime: encodeHistogram(serviceTime), scheduleLag: encodeHistogram(scheduleLag) },
  };
  if (errors.length > 0) result.errors = errors;
  return result;
}
