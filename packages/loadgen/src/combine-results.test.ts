import { describe, expect, it } from 'vitest';
import { emptyCacheCounts } from './cache-outcome.js';
import { combineResults } from './combine-results.js';
import { createHistogram, encodeHistogram, maxMs, percentileMs, recordMs, type LatencyHistogram } from './histogram.js';
import type { LoadBucket, LoadResult } from './result.js';
import { validateLoadSpec } from './spec.js';
import { emptyStatusCounts } from './status-class.js';
import { summarizeRun } from './summary.js';

const spec = validateLoadSpec({ url: 'http://127.0.0.1:1/{key}', ratePerS: 100, durationS: 2, intervalMs: 1000 });

/** A shard's result with these latencies (ms) per bucket, all 2xx, plus a schedule lag sample each. */
function shard(t0: number, perBucket: number[][], lagMs: number): { result: LoadResult; values: number[] } {
  const all = createHistogram();
  const lag = createHistogram();
  recordMs(lag, lagMs);
  const series: LoadBucket[] = perBucket.map((values, i) => {
    const h = createHistogram();
    for (const v of values) {
      recordMs(h, v);
      recordMs(all, v);
    }
    return {
      t: t0 + i * 1000,
      intended: values.length,
      sent: values.length,
      dropped: 0,
      responses: values.length,
      status: { ...emptyStatusCounts(), '2xx': values.length },
      cache: { ...emptyCacheCounts(), hit: values.length },
      latencyMs: { p50: 0, p99: 0, max: 0 },
      histogram: encodeHistogram(h),
    };
  });
  const summary = summarizeRun({ series, intervalMs: 1000, scheduledS: 2, latency: all, serviceTime: createHistogram(), scheduleLag: lag });
  return {
    values: perBucket.flat(),
    result: { spec, startedAt: '', t0, endedAt: t0 + 2000, stoppedEarly: false, summary, series, histograms: { all: encodeHistogram(all), serviceTime: encodeHistogram(createHistogram()), scheduleLag: encodeHistogram(lag) } },
  };
}

function fed(values: number[]): LatencyHistogram {
  const h = createHistogram();
  for (const v of values) recordMs(h, v);
  return h;
}

describe('combineResults', () => {
  const a = shard(10_000, [[1, 2, 3, 400], [5, 6]], 0.5);
  const b = shard(10_000, [[10, 20], [30, 40, 50, 900, 901]], 7);
  const c = shard(11_000, [[2000]], 1);
  const combined = combineResults([a.result, b.result, c.result]);

  it('sums the counters per epoch bucket', () => {
    expect(combined.series.map((p) => [p.t, p.sent, p.status['2xx'], p.cache.hit])).toEqual([
      [10_000, 6, 6, 6],
      [11_000, 8, 8, 8],
    ]);
    expect(combined.summary.requests).toBe(14);
  });

  it('computes percentiles from the added histograms: p99 of one histogram fed every value, never an average', () => {
    const everything = fed([...a.values, ...b.values, ...c.values]);
    expect(combined.summary.latencyMs.p99).toBe(percentileMs(everything, 99));
    expect(combined.summary.latencyMs.max).toBe(maxMs(everything));
    const bucket11 = fed([5, 6, 30, 40, 50, 900, 901, 2000]);
    expect(combined.series[1]?.latencyMs.p99).toBe(percentileMs(bucket11, 99));
    const averaged = (a.result.summary.latencyMs.p99 + b.result.summary.latencyMs.p99 + c.result.summary.latencyMs.p99) / 3;
    expect(combined.summary.latencyMs.p99).not.toBe(averaged);
  });

  it('takes the generator health from the added schedule lag, and counts generators without a result as failed', () => {
    expect(combined.summary.generator.scheduleLagMaxMs).toBeCloseTo(7, 1);
    const short = combineResults([a.result], { missing: 1 });
    expect(short.summary.generator.saturated).toBe(true);
    expect(short.summary.generator.workersFailed).toBe(1);
  });

  it('refuses results on different grids', () => {
    const other = { ...c.result, series: c.result.series.map((p) => ({ ...p, t: p.t + 250 })) };
    expect(() => combineResults([a.result, other])).toThrow(/grid/);
    expect(() => combineResults([])).toThrow(RangeError);
  });
});
