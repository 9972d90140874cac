import { describe, expect, it } from 'vitest';
import { syntheticSeries } from '../record/testing/synthetic-series.js';
import { peak503PerSec, rate503 } from './rate503.js';

describe('rate503', () => {
  it.each([
    { name: 'share of responses', s503: 25, responses: 100, expected: 0.25 },
    { name: 'no responses: 0', s503: 0, responses: 0, expected: 0 },
    { name: 'all 503', s503: 7, responses: 7, expected: 1 },
  ])('$name', ({ s503, responses, expected }) => {
    expect(rate503({ '503': s503 }, responses)).toBe(expected);
  });

  it('per bucket, as carried by the merged series (timeouts are not responses)', () => {
    const s = syntheticSeries([
      { responses: 100, rate503: 0 },
      { responses: 100, rate503: 0.5, timeout: 50 },
      { responses: 0 },
    ]);
    expect(s.map((p) => rate503(p.status, p.responses))).toEqual([0, 0.5, 0]);
  });
});

describe('peak503PerSec', () => {
  it.each([
    { name: '1 s buckets', counts: [0, 40, 300, 10], intervalMs: 1000, expected: 300 },
    { name: '100 ms buckets', counts: [0, 40, 30, 10], intervalMs: 100, expected: 400 },
    { name: '10 s buckets', counts: [500], intervalMs: 10_000, expected: 50 },
    { name: 'empty series', counts: [], intervalMs: 1000, expected: 0 },
  ])('$name', ({ counts, intervalMs, expected }) => {
    const points = counts.map((n) => ({ status: { '2xx': 0, '503': n, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 } }));
    expect(peak503PerSec(points, intervalMs)).toBe(expected);
  });
});
