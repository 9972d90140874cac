import { describe, expect, it } from 'vitest';
import { mergeRecords, type ControllerPoint, type MergedRecord, type ShardRecord } from './merge-records.js';
import { RecordMergeError } from './record-merge-error.js';
import type { SeriesPoint } from './report.js';
import { encodeExact, exactHistogramOps as ops } from './testing/exact-histogram-ops.js';

const T = 1_700_000_000_000;
const ZERO_ORIGIN = { arrivals: 0, rejected503: 0, inflight: 0, queue: 0, maxInflight: 0, maxQueue: 0 };

/** One shard bucket: `ok` 2xx hits and `s503` 503 misses, latencies (µs) recorded in its histogram. */
function bucket(t: number, latenciesUs: number[], over: Partial<SeriesPoint> = {}): SeriesPoint {
  const responses = latenciesUs.length;
  const s503 = over.status?.['503'] ?? 0;
  return {
    t,
    sent: responses,
    responses,
    status: { '2xx': responses - s503, '503': s503, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 },
    cache: { hit: responses - s503, miss: s503, stale: 0, pass: 0, unknown: 0 },
    latencyMs: { p50: -1, p99: -1, max: -1 }, // a shard's own percentiles: never used by the merge
    // a shard does not see the origin: whatever it carries here is ignored, never summed
    origin: { arrivals: 1000, rejected503: 1000, inflight: 1000, queue: 1000 },
    dropped: 0,
    histogram: encodeExact(latenciesUs),
    ...over,
  };
}
const shard = (series: SeriesPoint[], all = encodeExact(series.flatMap(valuesOf))): ShardRecord => ({ series, histograms: { all } });
const valuesOf = (p: SeriesPoint): number[] => (p.histogram ? (JSON.parse(p.histogram) as [number, number][]).flatMap(([v, c]) => Array<number>(c).fill(v)) : []);
const ctl = (t: number, arrivals: number, over: Partial<ControllerPoint> = {}): ControllerPoint => ({
  t,
  origin: { arrivals, rejected503: 1, inflight: 2, queue: 3, maxInflight: 4, maxQueue: 5 },
  ...over,
});

describe('mergeRecords', () => {
  it.each<{ name: string; records: ShardRecord[]; controller?: ControllerPoint[]; intervalMs?: number; check: (m: MergedRecord) => void }>([
    {
      name: 'nothing to merge',
      records: [],
      check: (m) => expect(m).toEqual({ series: [], histograms: { all: '' } }),
    },
    {
      name: 'one bucket from two shards: counters summed, percentiles from the summed histogram (not averaged)',
      // 99 fast samples on one shard, one slow one on the other: the p99 of the whole is 1 ms, the max 100 ms;
      // averaging the shards' p99 (1 and 100) would say 50.5
      records: [shard([bucket(T, Array<number>(99).fill(1000))]), shard([bucket(T, [100_000], { status: { '2xx': 0, '503': 1, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 } })])],
      check: (m) =>
        expect(m.series).toEqual([
          {
            t: T,
            sent: 100,
            responses: 100,
            status: { '2xx': 99, '503': 1, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 },
            cache: { hit: 99, miss: 1, stale: 0, pass: 0, unknown: 0 },
            latencyMs: { p50: 1, p99: 1, max: 100 },
            origin: ZERO_ORIGIN,
            dropped: 0,
            hitRatio: 0.99,
            rate503: 0.01,
            histogram: encodeExact([...Array<number>(99).fill(1000), 100_000]),
          },
        ]),
    },
    {
      name: 'the whole-run histogram is the sum of the shards’',
      records: [shard([bucket(T, [1000])], encodeExact([1000, 3000])), shard([bucket(T, [2000])], encodeExact([2000]))],
      check: (m) => expect(m.histograms.all).toBe(encodeExact([1000, 2000, 3000])),
    },
    {
      name: 'origin and cache counters are the controller’s, taken as they are (not summed over shards)',
      records: [shard([bucket(T, [1000]), bucket(T + 1000, [1000])]), shard([bucket(T, [1000]), bucket(T + 1000, [1000])])],
      controller: [ctl(T, 7, { cacheStats: { 'MAIN.backend_req': 7 } }), ctl(T + 1000, 9)],
      check: (m) => {
        expect(m.series.map((p) => p.origin)).toEqual([
          { arrivals: 7, rejected503: 1, inflight: 2, queue: 3, maxInflight: 4, maxQueue: 5 },
          { arrivals: 9, rejected503: 1, inflight: 2, queue: 3, maxInflight: 4, maxQueue: 5 },
        ]);
        expect(m.series.map((p) => p.cacheStats)).toEqual([{ 'MAIN.backend_req': 7 }, undefined]);
      },
    },
    {
      name: 'shards covering different buckets: the union, holes filled with zero points, controller-only buckets kept',
      records: [shard([bucket(T, [1000])]), shard([bucket(T + 3000, [2000])])],
      controller: [ctl(T + 4000, 5, { origin: { arrivals: 5, rejected503: 0, inflight: 6, queue: 1 } })],
      check: (m) => {
        expect(m.series.map((p) => [p.t - T, p.responses, p.origin.arrivals])).toEqual([
          [0, 1, 0],
          [1000, 0, 0],
          [2000, 0, 0],
          [3000, 1, 0],
          [4000, 0, 5],
        ]);
        expect(m.series[1]).toMatchObject({ latencyMs: { p50: 0, p99: 0, max: 0 }, hitRatio: null, rate503: 0, histogram: '' });
        expect(m.series[4]?.origin).toEqual({ arrivals: 5, rejected503: 0, inflight: 6, queue: 1, maxInflight: 6, maxQueue: 1 });
      },
    },
    {
      name: 'retries, dropped and unknown outcomes summed; retry only where a shard had it',
      records: [
        shard([bucket(T, [1000], { dropped: 2, retry: { retries: 3, budgetDenied: 1, gaveUp: 0 } }), bucket(T + 1000, [1000])]),
        shard([bucket(T, [1000], { dropped: 1, cache: { hit: 0, miss: 0, stale: 0, pass: 0, unknown: 1 }, retry: { retries: 4, budgetDenied: 0, gaveUp: 2 } })]),
      ],
      check: (m) => {
        expect(m.series[0]).toMatchObject({ dropped: 3, cache: { hit: 1, unknown: 1 }, hitRatio: 1, retry: { retries: 7, budgetDenied: 1, gaveUp: 2 } });
        expect(m.series[1]).not.toHaveProperty('retry');
      },
    },
    {
      name: 'explicit interval: 100 ms grid',
      records: [shard([bucket(T, [1000])]), shard([bucket(T + 300, [1000])])],
      intervalMs: 100,
      check: (m) => expect(m.series.map((p) => p.t - T)).toEqual([0, 100, 200, 300]),
    },
  ])('$name', ({ records, controller, intervalMs, check }) => {
    check(mergeRecords(records, ops, { ...(controller ? { controller } : {}), ...(intervalMs ? { intervalMs } : {}) }));
  });

  it.each([
    {
      name: 'a bucket with responses but no histogram',
      records: [shard([{ ...bucket(T, [1000]), histogram: undefined } as SeriesPoint])],
      message: `bucket t=${T} has 1 responses but no histogram: its percentiles cannot be merged`,
    },
    {
      name: 'buckets off the grid',
      records: [shard([bucket(T, [1000])]), shard([bucket(T + 1500, [1000])])],
      intervalMs: 1000,
      message: `bucket t=${T + 1500} is not on the 1000 ms grid starting at ${T}`,
    },
    {
      name: 'records with different bucket widths',
      records: [shard([bucket(T, [1000]), bucket(T + 1000, [1000])]), shard([bucket(T, [1000]), bucket(T + 100, [1000])])],
      message: 'a record has 1000 ms buckets, the merge 100 ms',
    },
  ])('refuses $name', ({ records, intervalMs, message }: { records: ShardRecord[]; intervalMs?: number; message: string }) => {
    const run = () => mergeRecords(records, ops, intervalMs ? { intervalMs } : {});
    expect(run).toThrow(RecordMergeError);
    expect(run).toThrow(message);
  });
});
