import { createHistogram, encodeHistogram, recordMs } from '@stampede/loadgen';
import { describe, expect, it } from 'vitest';
import { loadgenHistogramOps as ops } from './loadgen-histogram-ops.js';
import { EMPTY_LATENCY } from './record/histogram-ops.js';

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
