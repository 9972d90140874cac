import { describe, expect, test } from 'vitest';
import { seededRng } from './seeded-rng.js';

const take = (rng: () => number, n: number) => Array.from({ length: n }, rng);

describe('seededRng', () => {
  test('same seed and stream give the same sequence', () => {
    expect(take(seededRng(42), 20)).toEqual(take(seededRng(42), 20));
    expect(take(seededRng(42, 3), 20)).toEqual(take(seededRng(42, 3), 20));
  });

  test('seeds and streams give different sequences', () => {
    const a = take(seededRng(1), 10);
    expect(take(seededRng(2), 10)).not.toEqual(a);
    expect(take(seededRng(1, 1), 10)).not.toEqual(a);
    // neighbouring seeds are not the same sequence shifted by one step
    expect(take(seededRng(2), 9)).not.toEqual(a.slice(1));
  });

  test('values are uniform in [0, 1)', () => {
    const rng = seededRng(7);
    const bins = new Array<number>(10).fill(0);
    const n = 100_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng();
      if (!(u >= 0 && u < 1)) outside += 1;
      else bins[Math.floor(u * 10)]! += 1;
    }
    expect(outside).toBe(0);
    for (const count of bins) expect(Math.abs(count - n / 10)).toBeLessThan(n / 100);
  });
});
