import { describe, expect, it } from 'vitest';
import { ramp, repeat, syntheticSeries, type SyntheticBucket } from '../record/testing/synthetic-series.js';
import { findRewarm } from './rewarm.js';

const T = 1_700_000_000_000;
const warm: SyntheticBucket = { hitRatio: 0.95 };
const cold: SyntheticBucket = { hitRatio: 0.05 };

describe('findRewarm', () => {
  it.each<{ name: string; buckets: SyntheticBucket[]; faultS: number; baseline: number | null; seconds: number | null; fraction?: number }>([
    {
      name: 'dips and comes back: first bucket >= 95 % of baseline',
      // ramp 0.05 -> 0.95 over 10 buckets: 0.05, 0.15, ..., 0.85, 0.95; 95 % of 0.95 = 0.9025
      buckets: [...repeat(20, warm), ...ramp(10, cold, warm), ...repeat(10, warm)],
      faultS: 20,
      baseline: 0.95,
      seconds: 9,
    },
    {
      name: 'the fault bucket itself never counts (it is mostly pre-fault traffic)',
      buckets: [...repeat(20, warm), ...repeat(1, warm), ...repeat(3, cold), ...repeat(6, warm)],
      faultS: 20.5,
      baseline: 0.95,
      seconds: 3.5,
    },
    { name: 'never rewarms', buckets: [...repeat(20, warm), ...repeat(20, { hitRatio: 0.5 })], faultS: 20, baseline: 0.95, seconds: null },
    { name: 'no baseline hit ratio: null', buckets: repeat(40, warm), faultS: 20, baseline: null, seconds: null },
    {
      name: 'fraction is configurable',
      buckets: [...repeat(20, warm), ...repeat(3, cold), ...repeat(20, { hitRatio: 0.5 })],
      faultS: 20,
      baseline: 0.95,
      fraction: 0.5,
      seconds: 3,
    },
    {
      name: 'buckets without a known cache outcome are skipped',
      buckets: [...repeat(20, warm), ...repeat(2, { responses: 0 }), ...repeat(5, warm)],
      faultS: 20,
      baseline: 0.95,
      seconds: 2,
    },
  ])('$name', ({ buckets, faultS, baseline, seconds, fraction }) => {
    const r = findRewarm(syntheticSeries(buckets, { t0: T }), T + faultS * 1000, baseline, fraction);
    if (seconds === null) expect(r).toEqual({ seconds: null, at: null });
    else {
      expect(r.seconds).toBeCloseTo(seconds, 9);
      expect(r.at).toBe(T + Math.ceil(faultS + seconds - 1e-9) * 1000);
    }
  });
});
