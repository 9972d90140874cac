import { describe, expect, it } from 'vitest';
import { exactHistogramOps, encodeExact } from '../record/testing/exact-histogram-ops.js';
import { syntheticSeries } from '../record/testing/synthetic-series.js';
import { phaseLatency, phaseRanges } from './phases.js';

describe('phaseRanges', () => {
  it.each([
    {
      name: 'recovered',
      at: { baseline: { start: 10, end: 20 }, faultIndex: 20, recoveryStartIndex: 32 },
      expected: { baseline: { start: 10, end: 20 }, incident: { start: 20, end: 32 }, after: { start: 32, end: 60 } },
    },
    {
      name: 'never recovered: incident runs to the end',
      at: { baseline: { start: 10, end: 20 }, faultIndex: 20, recoveryStartIndex: null },
      expected: { baseline: { start: 10, end: 20 }, incident: { start: 20, end: 60 }, after: { start: 60, end: 60 } },
    },
    {
      name: 'recovered in the fault bucket: empty incident',
      at: { baseline: { start: 10, end: 20 }, faultIndex: 20, recoveryStartIndex: 20 },
      expected: { baseline: { start: 10, end: 20 }, incident: { start: 20, end: 20 }, after: { start: 20, end: 60 } },
    },
  ])('$name', ({ at, expected }) => {
    expect(phaseRanges(60, at)).toEqual(expected);
  });
});

describe('phaseLatency', () => {
  it('merges the buckets of each phase, then summarises (not an average of bucket percentiles)', () => {
    // 99 buckets of one 1 ms sample and one bucket of one 1000 ms sample: the merged p99 is 1 ms, max 1000 ms,
    // while the mean of bucket p99s would be ~11 ms
    const s = syntheticSeries(Array.from({ length: 100 }, () => ({ responses: 1 })));
    s.forEach((p, i) => (p.histogram = encodeExact([i === 99 ? 1_000_000 : 1000])));
    const ranges = phaseRanges(100, { baseline: { start: 0, end: 50 }, faultIndex: 50, recoveryStartIndex: 100 });
    const l = phaseLatency(s, ranges, exactHistogramOps);
    expect(l.latencyMs.all).toEqual({ p50: 1, p90: 1, p99: 1, p999: 1000, max: 1000 });
    expect(l.latencyMs.baseline.max).toBe(1);
    expect(l.latencyMs.incident.max).toBe(1000);
    expect(l.latencyMs.after).toEqual({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
    expect(l.histograms.after).toBe('');
  });
});
