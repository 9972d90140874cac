import { describe, expect, it } from 'vitest';
import {
  createHistogram,
  decodeHistogram,
  emptyEncodedHistogram,
  encodeHistogram,
  histogramCount,
  maxMs,
  mergeEncodedHistograms,
  percentileMs,
  recordMs,
  summarizeHistogram,
} from './histogram.js';
import { createRng } from './rng.js';

/** Latency-like samples (ms): mostly ~1 ms, a long tail up to seconds. */
function samples(seed: number, n: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const u = rng();
    return u < 0.98 ? 0.2 + rng() * 2 : 10 + rng() * 3000;
  });
}

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

describe('histogram', () => {
  it('merging per-worker histograms equals one histogram of all samples', () => {
    const perWorker = [samples(1, 20_000), samples(2, 5_000), samples(3, 1), []];
    const encoded = perWorker.map((values) => {
      const h = createHistogram();
      for (const v of values) recordMs(h, v);
      return encodeHistogram(h);
    });
    const together = createHistogram();
    for (const v of perWorker.flat()) recordMs(together, v);

    const merged = decodeHistogram(mergeEncodedHistograms(encoded));
    expect(merged.totalCount).toBe(together.totalCount);
    for (const p of PERCENTILES) expect(percentileMs(merged, p)).toBe(percentileMs(together, p));
    expect(maxMs(merged)).toBe(maxMs(together));
    // the merge is order-free
    expect(summarizeHistogram(mergeEncodedHistograms([...encoded].reverse()))).toEqual(summarizeHistogram(together));
  });

  it('summarizes in milliseconds to 3 significant digits', () => {
    const h = createHistogram();
    for (let i = 1; i <= 1000; i++) recordMs(h, i); // 1..1000 ms
    const s = summarizeHistogram(encodeHistogram(h));
    expect(s.p50).toBeCloseTo(500, -1);
    expect(s.p90).toBeCloseTo(900, -1);
    expect(s.p99).toBeCloseTo(990, -1);
    expect(s.p999).toBeCloseTo(999, -1);
    expect(s.max).toBeGreaterThanOrEqual(1000);
    expect(s.max).toBeLessThan(1001);
  });

  it('keeps microseconds: 0.25 ms is 250 µs', () => {
    const h = createHistogram();
    recordMs(h, 0.25);
    expect(summarizeHistogram(h)).toEqual({ p50: 0.25, p90: 0.25, p99: 0.25, p999: 0.25, max: 0.25 });
  });

  it('records negative durations as 0 and grows beyond its initial range', () => {
    const h = createHistogram();
    recordMs(h, -3);
    recordMs(h, 2 * 3600_000); // 2 hours
    expect(h.totalCount).toBe(2);
    expect(maxMs(h)).toBeGreaterThan(7_190_000);
  });

  it('empty histograms: all zeros, mergeable, and "" counts as empty', () => {
    const zero = { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
    expect(summarizeHistogram(emptyEncodedHistogram())).toEqual(zero);
    expect(summarizeHistogram('')).toEqual(zero);
    expect(histogramCount(mergeEncodedHistograms([]))).toBe(0);
    const h = createHistogram();
    recordMs(h, 5);
    expect(histogramCount(mergeEncodedHistograms(['', emptyEncodedHistogram(), encodeHistogram(h)]))).toBe(1);
  });
});
