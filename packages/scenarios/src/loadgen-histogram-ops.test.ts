import { createHistogram, encodeHistogram, recordMs } from '@stampede/loadgen';
import { describe, expect, it } from 'vitest';
import { loadgenHistogramOps as ops } from './loadgen-histogram-ops.js';
import { EMPTY_LATENCY } from './record/histogram-ops.js';
import { mergeRecords, type ShardRecord } from './record/merge-records.js';
import type { SeriesPoint } from './record/report.js';

function encode(...ms: number[]): string {
  const h = createHistogram();
  for (const v of ms) recordMs(h, v);
  return encodeHistogram(h);
}

describe('loadgenHistogramOps', () => {
  it('merges exactly and summarises in ms', () => {
    const merged = ops.merge([encode(1, 2, 3), '', encode(100)]);
    const summary = ops.summarize(merged);
    // HDR keeps 3 significant digits: values come back as the top of their ~0.1 % bucket
    expect(summary.p50).toBeCloseTo(2, 2);
    expect(summary.max).toBeCloseTo(100, 0);
  });

  it('keeps empties empty', () => {
    expect(ops.merge([])).toBe('');
    expect(ops.merge(['', ''])).toBe('');
    expect(ops.summarize('')).toEqual(EMPTY_LATENCY);
    expect(ops.percentiles?.('', [50, 99])).toEqual([0, 0]);
  });

  it('one histogram merges to itself', () => {
    const one = encode(5);
    expect(ops.merge(['', one])).toBe(one);
  });

  it('percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const [p50, p99, p100] = ops.percentiles?.(encode(...values), [50, 99, 100]) ?? [];
    expect(p50).toBeCloseTo(50, 1);
    expect(p99).toBeCloseTo(99, 1);
    expect(p100).toBeCloseTo(100, 1);
  });
});

describe('mergeRecords with loadgen\'s ops', () => {
  /** deterministic latencies (ms) with a long tail: 0.1 ms to ~2 s */
  function latencies(seed: number, n: number): number[] {
    let x = seed;
    return Array.from({ length: n }, () => {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      const u = x / 2 ** 31;
      return 0.1 + 2000 * u ** 6;
    });
  }
  const T = 1_700_000_000_000;
  const point = (t: number, ms: number[]): SeriesPoint => ({
    t,
    sent: ms.length,
    responses: ms.length,
    status: { '2xx': ms.length, '503': 0, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 },
    cache: { hit: ms.length, miss: 0, stale: 0, pass: 0, unknown: 0 },
    latencyMs: ops.summarize(encode(...ms)),
    origin: { arrivals: 0, rejected503: 0, inflight: 0, queue: 0 },
    histogram: encode(...ms),
  });

  it('p99 of the merged record equals the p99 of one histogram fed every value, per bucket and for the run', () => {
    // three shards, two buckets each, different sizes and tails
    const values = [1, 2, 3].map((s) => [latencies(s, 400 * s), latencies(s + 10, 97 * s)]);
    const records: ShardRecord[] = values.map(([a = [], b = []]) => ({
      series: [point(T, a), point(T + 1000, b)],
      histograms: { all: encode(...a, ...b) },
    }));
    const merged = mergeRecords(records, ops);

    const bucket0 = values.flatMap(([a = []]) => a);
    const bucket1 = values.flatMap(([, b = []]) => b);
    const one = (ms: number[]) => ops.summarize(encode(...ms));
    expect(merged.series.map((p) => p.latencyMs)).toEqual(
      [bucket0, bucket1].map((ms) => ({ p50: one(ms).p50, p99: one(ms).p99, max: one(ms).max })),
    );
    expect(ops.summarize(merged.histograms.all)).toEqual(one([...bucket0, ...bucket1]));
    // and averaging the shards' p99s would have been a different (wrong) number
    const averaged = records.reduce((sum, r) => sum + (r.series[0]?.latencyMs.p99 ?? 0), 0) / records.length;
    expect(merged.series[0]?.latencyMs.p99).not.toBeCloseTo(averaged, 0);
  });
});
