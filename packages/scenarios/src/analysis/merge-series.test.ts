import type { LoadBucket } from '@stampede/loadgen';
import { describe, expect, it } from 'vitest';
import { mergeSeries, type OriginSeriesBucket } from './merge-series.js';

const T = 1_700_000_000_000;
const loadBucket = (t: number, over: Partial<LoadBucket> = {}): LoadBucket => ({
  t,
  intended: 100,
  sent: 100,
  dropped: 0,
  responses: 100,
  status: { '2xx': 90, '503': 10, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 },
  cache: { hit: 80, miss: 15, stale: 5, pass: 0, unknown: 0 },
  latencyMs: { p50: 1, p99: 5, max: 9 },
  histogram: `h${t}`,
  ...over,
});
const originBucket = (t: number, over: Partial<OriginSeriesBucket> = {}): OriginSeriesBucket => ({
  t,
  arrivals: 15,
  rejected503: 10,
  inflight: 3,
  queue: 1,
  maxInflight: 8,
  maxQueue: 4,
  ...over,
});
const zeroOrigin = { arrivals: 0, rejected503: 0, inflight: 0, queue: 0, maxInflight: 0, maxQueue: 0 };
const zeroStatus = { '2xx': 0, '503': 0, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 };

describe('mergeSeries', () => {
  it('fromMs: the origin bucket opened before the load (its counters were reset in the gap) is left out when empty, kept when it holds arrivals', () => {
    const load = [loadBucket(T), loadBucket(T + 1000)];
    const empty = originBucket(T - 1000, { arrivals: 0, rejected503: 0, inflight: 0, queue: 0, maxInflight: 0, maxQueue: 0 });
    const trimmed = mergeSeries(load, [empty, originBucket(T), originBucket(T + 1000)], { intervalMs: 1000, fromMs: T });
    expect(trimmed.map((p) => p.t)).toEqual([T, T + 1000]);
    const straggler = originBucket(T - 1000, { arrivals: 2, rejected503: 0 });
    const kept = mergeSeries(load, [straggler, originBucket(T), originBucket(T + 1000)], { intervalMs: 1000, fromMs: T });
    expect(kept.map((p) => [p.t, p.origin.arrivals])).toEqual([[T - 1000, 2], [T, 15], [T + 1000, 15]]);
    // without fromMs every bucket of both sides is a point
    expect(mergeSeries(load, [empty, originBucket(T)], { intervalMs: 1000 }).map((p) => p.t)).toEqual([T - 1000, T, T + 1000]);
  });

  it('joins on t and derives hitRatio and rate503 per bucket', () => {
    const [p] = mergeSeries([loadBucket(T)], [originBucket(T)]);
    expect(p).toEqual({
      t: T,
      sent: 100,
      responses: 100,
      status: { '2xx': 90, '503': 10, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 },
      cache: { hit: 80, miss: 15, stale: 5, pass: 0, unknown: 0 },
      latencyMs: { p50: 1, p99: 5, max: 9 },
      origin: { arrivals: 15, rejected503: 10, inflight: 3, queue: 1, maxInflight: 8, maxQueue: 4 },
      dropped: 0,
      hitRatio: 0.85,
      rate503: 0.1,
      histogram: `h${T}`,
    });
  });

  it.each([
    {
      name: 'origin side missing: zeros',
      load: [loadBucket(T), loadBucket(T + 1000)],
      origin: [originBucket(T)],
      check: (s: ReturnType<typeof mergeSeries>) => expect(s[1]?.origin).toEqual(zeroOrigin),
    },
    {
      name: 'load side missing: zeros, null hit ratio, empty histogram',
      load: [loadBucket(T)],
      origin: [originBucket(T), originBucket(T + 1000, { arrivals: 7 })],
      check: (s: ReturnType<typeof mergeSeries>) =>
        expect(s[1]).toMatchObject({ sent: 0, responses: 0, status: zeroStatus, hitRatio: null, rate503: 0, histogram: '', origin: { arrivals: 7 } }),
    },
    {
      name: 'max fields fall back to the end-of-bucket values',
      load: [],
      origin: [{ t: T, arrivals: 1, rejected503: 0, inflight: 6, queue: 2 }],
      check: (s: ReturnType<typeof mergeSeries>) => expect(s[0]?.origin).toMatchObject({ maxInflight: 6, maxQueue: 2 }),
    },
    {
      name: 'holes in the grid are filled and the result is sorted',
      load: [loadBucket(T + 3000), loadBucket(T)],
      origin: [originBucket(T + 1000)],
      check: (s: ReturnType<typeof mergeSeries>) => {
        expect(s.map((p) => p.t - T)).toEqual([0, 1000, 2000, 3000]);
        expect(s[2]).toMatchObject({ responses: 0, origin: zeroOrigin });
      },
    },
    {
      name: 'explicit interval: 100 ms grid',
      load: [loadBucket(T), loadBucket(T + 300)],
      origin: [],
      intervalMs: 100,
      check: (s: ReturnType<typeof mergeSeries>) => expect(s.map((p) => p.t - T)).toEqual([0, 100, 200, 300]),
    },
    { name: 'both empty', load: [], origin: [], check: (s: ReturnType<typeof mergeSeries>) => expect(s).toEqual([]) },
  ])('$name', ({ load, origin, intervalMs, check }: { load: LoadBucket[]; origin: OriginSeriesBucket[]; intervalMs?: number; check: (s: ReturnType<typeof mergeSeries>) => void }) => {
    check(mergeSeries(load, origin, intervalMs === undefined ? {} : { intervalMs }));
  });
});
