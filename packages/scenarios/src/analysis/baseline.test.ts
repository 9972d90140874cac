import { describe, expect, it } from 'vitest';
import { repeat, syntheticSeries } from '../record/testing/synthetic-series.js';
import { computeBaseline, type BaselineOptions } from './baseline.js';

const T = 1_700_000_000_000;
// bucket i: 10 × (i + 1) origin arrivals, p99 = i + 1 ms, so medians reveal exactly which buckets were used
const s = syntheticSeries(
  Array.from({ length: 30 }, (_, i) => ({ originArrivals: 10 * (i + 1), p99Ms: i + 1, maxMs: 100 })),
  { t0: T },
);

describe('computeBaseline', () => {
  it.each<{ name: string; faultIndex: number; options?: BaselineOptions; window: [number, number] | null; p99: number }>([
    { name: 'default: the 10 buckets before the fault bucket', faultIndex: 20, window: [10, 20], p99: 15.5 },
    { name: 'fault earlier than 10 s: from the first bucket', faultIndex: 4, window: [0, 4], p99: 2.5 },
    { name: 'fault in the first bucket: no baseline', faultIndex: 0, window: null, p99: 0 },
    { name: 'configurable length', faultIndex: 20, options: { windowS: 4 }, window: [16, 20], p99: 18.5 },
    { name: 'explicit window [from, to)', faultIndex: 20, options: { from: T + 5000, to: T + 8000 }, window: [5, 8], p99: 7 },
    { name: 'explicit window: partial buckets excluded', faultIndex: 20, options: { from: T + 4500, to: T + 8500 }, window: [5, 8], p99: 7 },
    { name: 'no fault (index past the end): the last 10 s', faultIndex: 30, window: [20, 30], p99: 25.5 },
  ])('$name', ({ faultIndex, options, window, p99 }) => {
    const b = computeBaseline(s, { faultIndex, intervalMs: 1000 }, options);
    expect(b.window).toEqual(window && { from: T + window[0] * 1000, to: T + window[1] * 1000 });
    expect([b.startIndex, b.endIndex]).toEqual(window ?? [0, 0]);
    expect(b.p99Ms).toBe(p99);
    if (window) expect(b.originRatePerS).toBe((10 * (window[0] + 1 + window[1])) / 2);
  });

  it('medians: error rate, hit ratio, origin rate per second with sub-second buckets', () => {
    const fine = syntheticSeries(
      [
        ...repeat(3, { responses: 100, rate503: 0, hitRatio: 0.9, originArrivals: 5 }),
        ...repeat(2, { responses: 100, rate503: 0.5, hitRatio: 0.5, originArrivals: 50 }),
      ],
      { t0: T, intervalMs: 100 },
    );
    const b = computeBaseline(fine, { faultIndex: 5, intervalMs: 100 });
    expect(b.errorRate).toBe(0);
    expect(b.hitRatio).toBeCloseTo(0.9, 2);
    expect(b.originRatePerS).toBe(50);
  });

  it('buckets without data are skipped by the medians they cannot inform', () => {
    const gaps = syntheticSeries([...repeat(3, { responses: 0, originArrivals: 0 }), ...repeat(2, { p99Ms: 9 })], { t0: T });
    const b = computeBaseline(gaps, { faultIndex: 5, intervalMs: 1000 });
    expect(b.p99Ms).toBe(9);
    expect(b.hitRatio).toBeCloseTo(0.95, 2);
    expect(b.originRatePerS).toBe(0);
  });
});
