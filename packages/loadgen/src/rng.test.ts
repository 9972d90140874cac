import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from './rng.js';

describe('createRng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
  });

  it('draws floats in [0, 1) with a plausible mean', () => {
    const rng = createRng(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });
});

describe('deriveSeed', () => {
  it.each([
    [1, [0, 1], 1, [1, 1]],
    [1, [0, 1], 0, [1, 1]],
    [1, [0, 1], 1, [0, 2]],
    [0, [1], 1, [0]],
  ])('gives distinct streams: seed %i %j vs seed %i %j', (s1, p1, s2, p2) => {
    expect(deriveSeed(s1, ...p1)).not.toBe(deriveSeed(s2, ...p2));
  });

  it('is stable', () => {
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
  });
});
