import { describe, expect, it } from 'vitest';
import { bucketIndexAt } from './bucket-index.js';

const s = [0, 1000, 2000, 3000].map((t) => ({ t }));

describe('bucketIndexAt', () => {
  it.each([
    { t: -1, expected: -1 },
    { t: 0, expected: 0 },
    { t: 999.9, expected: 0 },
    { t: 1000, expected: 1 },
    { t: 3500, expected: 3 },
    { t: 4000, expected: 4 },
    { t: 99_000, expected: 4 },
  ])('t=$t -> $expected', ({ t, expected }) => {
    expect(bucketIndexAt(s, t, 1000)).toBe(expected);
  });

  it('empty series', () => expect(bucketIndexAt([], 5, 1000)).toBe(-1));
});
