import { describe, expect, it } from 'vitest';
import { rate503 } from './rate503.js';
import { syntheticSeries } from './testing/synthetic-series.js';

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
