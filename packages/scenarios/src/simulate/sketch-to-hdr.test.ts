import { decodeHistogram, histogramCount, summarizeHistogram } from '@stampede/loadgen';
import { describe, expect, it } from 'vitest';
import { LatencySketch } from './latency-sketch.js';
import { sketchToHdr } from './sketch-to-hdr.js';

function sketchOf(values: number[]): LatencySketch {
  const s = new LatencySketch();
  for (const v of values) s.record(v);
  return s;
}

describe('sketchToHdr', () => {
  it('no samples: the empty encoding the record uses ("")', () => {
    expect(sketchToHdr(new LatencySketch())).toBe('');
  });

  it('keeps every sample, the exact maximum, and percentiles within the sketch 1% (+ HDR 0.1%)', () => {
    // 1000 cache hits at 0 ms, 900 misses spread 40..130 ms, 100 slow ones 600..1000 ms
    const values = [
      ...Array.from({ length: 1000 }, () => 0),
      ...Array.from({ length: 900 }, (_, i) => 40 + (i % 91)),
      ...Array.from({ length: 100 }, (_, i) => 600 + i * 4.0404),
    ];
    const sketch = sketchOf(values);
    const encoded = sketchToHdr(sketch);
    expect(histogramCount(encoded)).toBe(2000);
    const s = summarizeHistogram(encoded);
    expect(s.max).toBeCloseTo(Math.max(...values), 0);
    const sorted = [...values].sort((a, b) => a - b);
    const exact = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
    for (const [p, got] of [[50, s.p50], [90, s.p90], [99, s.p99]] as const) {
      expect(Math.abs(got - exact(p)), `p${p}`).toBeLessThanOrEqual(exact(p) * 0.012 + 0.001);
    }
  });

  it('one sample: the histogram holds exactly it (to HDR resolution, 3 significant digits)', () => {
    const h = decodeHistogram(sketchToHdr(sketchOf([123.456])));
    expect(h.totalCount).toBe(1);
    expect(Math.abs(summarizeHistogram(h).max - 123.456)).toBeLessThanOrEqual(123.456 * 0.001);
  });
});
