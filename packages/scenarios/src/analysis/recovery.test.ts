import { describe, expect, it } from 'vitest';
import { repeat, syntheticSeries, type SyntheticBucket } from '../record/testing/synthetic-series.js';
import { DEFAULT_RECOVERY_TOLERANCES, findRecovery, isHealthyBucket, recoveryLimits } from './recovery.js';

const T = 1_700_000_000_000;
const ok: SyntheticBucket = { p99Ms: 8 };
const bad: SyntheticBucket = { rate503: 0.3, p99Ms: 900 };
const baseline = { errorRate: 0, p99Ms: 8 };

describe('recoveryLimits', () => {
  it.each([
    { name: 'floors win for a clean, fast baseline', b: { errorRate: 0, p99Ms: 8 }, limits: { errorRate: 0.001, p99Ms: 18 } },
    { name: 'factors win for a noisy, slow baseline', b: { errorRate: 0.01, p99Ms: 100 }, limits: { errorRate: 0.02, p99Ms: 150 } },
  ])('$name', ({ b, limits }) => {
    expect(recoveryLimits(b, DEFAULT_RECOVERY_TOLERANCES)).toEqual(limits);
  });
});

describe('isHealthyBucket', () => {
  const limits = { errorRate: 0.001, p99Ms: 18 };
  it.each<{ name: string; bucket: SyntheticBucket; healthy: boolean }>([
    { name: 'clean', bucket: ok, healthy: true },
    { name: 'errors over the limit', bucket: { ...ok, rate503: 0.01 }, healthy: false },
    { name: 'p99 over the limit', bucket: { p99Ms: 19 }, healthy: false },
    { name: 'p99 exactly at the limit', bucket: { p99Ms: 18 }, healthy: true },
    { name: 'nothing completed', bucket: { responses: 0 }, healthy: false },
    { name: 'only timeouts', bucket: { responses: 0, timeout: 5 }, healthy: false },
  ])('$name', ({ bucket, healthy }) => {
    expect(isHealthyBucket(syntheticSeries([bucket])[0]!, limits)).toBe(healthy);
  });
});

describe('findRecovery', () => {
  it.each<{ name: string; buckets: SyntheticBucket[]; faultS: number; windowS?: number; intervalMs?: number; startIndex: number | null; seconds: number | null }>([
    { name: 'first full window after the fault', buckets: [...repeat(5, ok), ...repeat(3, bad), ...repeat(5, ok)], faultS: 5, startIndex: 8, seconds: 3 },
    { name: 'window can start in the fault bucket (time clamped to 0)', buckets: repeat(10, ok), faultS: 4.5, startIndex: 4, seconds: 0 },
    { name: 'window must complete before the end', buckets: [...repeat(5, ok), ...repeat(3, bad), ...repeat(4, ok)], faultS: 5, startIndex: null, seconds: null },
    { name: 'flapping picks the first full window', buckets: [...repeat(2, bad), ...repeat(4, ok), bad, ...repeat(5, ok), bad], faultS: 0, startIndex: 7, seconds: 7 },
    { name: 'window in whole buckets: 5 s of 500 ms buckets is 10', buckets: [...repeat(2, bad), ...repeat(9, ok), bad, ...repeat(10, ok)], faultS: 0, intervalMs: 500, startIndex: 12, seconds: 6 },
    { name: 'a 1 s window', buckets: [...repeat(2, bad), ok], faultS: 0, windowS: 1, startIndex: 2, seconds: 2 },
  ])('$name', ({ buckets, faultS, windowS = 5, intervalMs = 1000, startIndex, seconds }) => {
    const series = syntheticSeries(buckets, { t0: T, intervalMs });
    const faultAt = T + faultS * 1000;
    const faultIndex = Math.floor((faultS * 1000) / intervalMs);
    const r = findRecovery(series, { faultAt, faultIndex, intervalMs }, baseline, { ...DEFAULT_RECOVERY_TOLERANCES, windowS });
    expect(r.windowStartIndex).toBe(startIndex);
    expect(r.seconds).toBe(seconds);
    expect(r.recovered).toBe(startIndex !== null);
    expect(r.recoveredAt).toBe(seconds === null ? null : faultAt + seconds * 1000);
  });
});
