import { describe, expect, it } from 'vitest';
import { LatencySketch } from './latency-sketch.js';

describe('LatencySketch', () => {
  it('percentiles within 1% of the exact ones, the max exact, zeros counted', () => {
    const s = new LatencySketch();
    const values: number[] = [];
    for (let i = 0; i < 1000; i++) values.push(i === 0 ? 0 : i * 0.37);
    for (const v of values) s.record(v);
    const exact = (p: number): number => values[Math.ceil((p / 100) * values.length) - 1] as number;
    for (const p of [50, 90, 99, 99.9]) expect(Math.abs(s.percentileMs(p) - exact(p)) / exact(p)).toBeLessThan(0.01);
    expect(s.percentileMs(100)).toBe(999 * 0.37);
    expect(s.percentileMs(0.1)).toBe(0);
    expect(s.count).toBe(1000);
    expect(s.bins().reduce((n, [, c]) => n + c, 0)).toBe(1000);
  });

  it('is empty: every percentile is 0', () => {
    expect(new LatencySketch().percentileMs(99)).toBe(0);
  });
});
