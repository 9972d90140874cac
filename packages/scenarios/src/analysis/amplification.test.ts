import { describe, expect, it } from 'vitest';
import { repeat, syntheticSeries, type SyntheticBucket } from '../record/testing/synthetic-series.js';
import { amplification } from './amplification.js';

const T = 1_700_000_000_000;

describe('amplification', () => {
  it.each<{ name: string; buckets: SyntheticBucket[]; faultIndex: number; baseline: number; intervalMs?: number; expected: number | null; peak: number }>([
    {
      name: 'peak after the fault ÷ baseline',
      buckets: [...repeat(5, { originArrivals: 25 }), { originArrivals: 900 }, { originArrivals: 1200 }, ...repeat(3, { originArrivals: 25 })],
      faultIndex: 5,
      baseline: 25,
      expected: 48,
      peak: 1200,
    },
    {
      name: 'a peak before the fault is ignored',
      buckets: [{ originArrivals: 5000 }, ...repeat(4, { originArrivals: 25 }), { originArrivals: 100 }],
      faultIndex: 5,
      baseline: 25,
      expected: 4,
      peak: 100,
    },
    {
      name: 'zero baseline origin traffic: null, not Infinity',
      buckets: [...repeat(5, { originArrivals: 0 }), { originArrivals: 100 }],
      faultIndex: 5,
      baseline: 0,
      expected: null,
      peak: 100,
    },
    {
      name: 'per second with 100 ms buckets',
      buckets: [...repeat(5, { originArrivals: 2 }), { originArrivals: 40 }],
      faultIndex: 5,
      baseline: 20,
      intervalMs: 100,
      expected: 20,
      peak: 400,
    },
    { name: 'fault past the end: no bucket after it', buckets: repeat(3, { originArrivals: 1 }), faultIndex: 3, baseline: 1, expected: null, peak: 0 },
  ])('$name', ({ buckets, faultIndex, baseline, intervalMs = 1000, expected, peak }) => {
    const a = amplification(syntheticSeries(buckets, { t0: T, intervalMs }), { faultIndex, intervalMs }, baseline);
    expect(a.amplification).toBe(expected);
    expect(a.peakOriginRatePerS).toBe(peak);
  });
});
