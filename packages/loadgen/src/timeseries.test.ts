import { describe, expect, it } from 'vitest';
import { emptyCacheCounts } from './cache-outcome.js';
import { createHistogram, encodeHistogram, histogramCount, recordMs, summarizeHistogram } from './histogram.js';
import type { WorkerBucket } from './protocol.js';
import { emptyStatusCounts } from './status-class.js';
import { BucketAssembler, mergeBuckets } from './timeseries.js';

function part(t: number, over: Partial<WorkerBucket> = {}, latenciesMs: number[] = []): WorkerBucket {
  const h = createHistogram();
  for (const v of latenciesMs) recordMs(h, v);
  return {
    t,
    intended: 0,
    sent: 0,
    dropped: 0,
    responses: latenciesMs.length,
    status: { ...emptyStatusCounts(), '2xx': latenciesMs.length },
    cache: emptyCacheCounts(),
    histogram: encodeHistogram(h),
    ...over,
  };
}

describe('mergeBuckets', () => {
  it('sums counts and merges histograms exactly', () => {
    const a = part(1000, { intended: 10, sent: 9, dropped: 1, cache: { ...emptyCacheCounts(), hit: 2 } }, [1, 2]);
    const b = part(1000, { intended: 5, sent: 5, status: { ...emptyStatusCounts(), '503': 1, timeout: 2 } }, [10]);
    b.responses = 1;
    const into = createHistogram();
    const bucket = mergeBuckets(1000, [a, b], into);
    expect(bucket).toMatchObject({
      t: 1000,
      intended: 15,
      sent: 14,
      dropped: 1,
      responses: 3,
      status: { '2xx': 2, '503': 1, '5xx': 0, '4xx': 0, timeout: 2, connError: 0 },
      cache: { hit: 2, miss: 0, stale: 0, pass: 0, unknown: 0 },
    });
    expect(histogramCount(bucket.histogram)).toBe(3);
    expect(bucket.latencyMs.max).toBeCloseTo(10, 1);
    expect(bucket.latencyMs.p50).toBeCloseTo(2, 2);
    expect(into.totalCount).toBe(3);
  });

  it('an interval without samples has zero latencies', () => {
    expect(mergeBuckets(0, [part(0)]).latencyMs).toEqual({ p50: 0, p99: 0, max: 0 });
    expect(summarizeHistogram(mergeBuckets(0, []).histogram).max).toBe(0);
  });
});

describe('BucketAssembler', () => {
  it('releases an interval once every worker reported it, in order', () => {
    const asm = new BucketAssembler(2);
    expect(asm.add(0, part(0, { sent: 1 }))).toEqual([]);
    expect(asm.add(0, part(100, { sent: 2 }))).toEqual([]);
    expect(asm.add(1, part(0, { sent: 10 })).map((b) => [b.t, b.sent])).toEqual([[0, 11]]);
    expect(asm.add(1, part(100, { sent: 20 })).map((b) => [b.t, b.sent])).toEqual([[100, 22]]);
  });

  it('a finished worker no longer holds intervals back', () => {
    const asm = new BucketAssembler(3);
    asm.add(0, part(0));
    asm.add(1, part(0));
    asm.add(0, part(100));
    expect(asm.finish(2).map((b) => b.t)).toEqual([0]);
    expect(asm.finish(1).map((b) => b.t)).toEqual([100]);
    asm.add(0, part(200));
    expect(asm.finish(0).map((b) => b.t)).toEqual([]);
  });

  it('releases intervals as soon as they are complete even when parts arrive interleaved', () => {
    const asm = new BucketAssembler(2);
    const released: number[] = [];
    const events: [number, number][] = [
      [0, 0],
      [0, 100],
      [0, 200],
      [1, 0],
      [1, 100],
      [1, 200],
    ];
    for (const [w, t] of events) released.push(...asm.add(w, part(t)).map((b) => b.t));
    expect(released).toEqual([0, 100, 200]);
  });

  it('flushAll releases incomplete intervals (a forced end)', () => {
    const asm = new BucketAssembler(2);
    asm.add(0, part(0));
    asm.add(0, part(100));
    expect(asm.flushAll().map((b) => b.t)).toEqual([0, 100]);
    expect(asm.flushAll()).toEqual([]);
  });

  it('adds every released interval to the run histogram', () => {
    const into = createHistogram();
    const asm = new BucketAssembler(1, into);
    asm.add(0, part(0, {}, [1, 2, 3]));
    asm.add(0, part(100, {}, [4]));
    expect(into.totalCount).toBe(4);
  });
});
