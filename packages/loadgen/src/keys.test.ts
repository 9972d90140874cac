import { describe, expect, it } from 'vitest';
import { createKeySampler, hotsetSize, keyName, zipfCdf } from './keys.js';
import { createRng } from './rng.js';
import type { KeyDistribution } from './spec.js';

const DRAWS = 200_000;

function frequencies(distribution: KeyDistribution, keys: number, seed = 1): number[] {
  const sampler = createKeySampler(distribution, keys, createRng(seed));
  const counts = new Array<number>(keys).fill(0);
  for (let i = 0; i < DRAWS; i++) {
    const k = sampler.next();
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts.map((c) => c / DRAWS);
}

const harmonic = (n: number, s: number): number => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s).reduce((a, b) => a + b);

describe('key samplers', () => {
  it.each([
    ['uniform over 10', { kind: 'uniform' } as const, 10, (_r: number): number => 0.1],
    ['zipf 1.1 over 100', { kind: 'zipf', s: 1.1 } as const, 100, (r: number): number => 1 / r ** 1.1 / harmonic(100, 1.1)],
    ['zipf 0.8 over 50', { kind: 'zipf', s: 0.8 } as const, 50, (r: number): number => 1 / r ** 0.8 / harmonic(50, 0.8)],
    ['zipf 0 is uniform', { kind: 'zipf', s: 0 } as const, 20, (_r: number): number => 0.05],
    [
      'hotset 10% of keys get 90%',
      { kind: 'hotset', hotFraction: 0.1, hotTrafficFraction: 0.9 } as const,
      100,
      (r: number): number => (r <= 10 ? 0.09 : 0.1 / 90),
    ],
  ])('%s: seeded frequencies match the distribution', (_name, distribution, keys, expected) => {
    const freq = frequencies(distribution, keys);
    freq.forEach((f, i) => {
      const p = expected(i + 1);
      // 5 standard deviations of a binomial proportion, plus a little slack
      const tolerance = 5 * Math.sqrt((p * (1 - p)) / DRAWS) + 1e-4;
      expect(Math.abs(f - p)).toBeLessThan(tolerance);
    });
  });

  it('zipf: rank 1 is the hottest key', () => {
    const freq = frequencies({ kind: 'zipf', s: 1.1 }, 1000);
    expect(freq.indexOf(Math.max(...freq))).toBe(0);
    expect(freq[0]).toBeGreaterThan(freq[1] as number);
  });

  it('is deterministic per seed', () => {
    const draw = (seed: number) => {
      const s = createKeySampler({ kind: 'zipf', s: 1.1 }, 1000, createRng(seed));
      return Array.from({ length: 50 }, () => s.next());
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it.each([
    [{ kind: 'uniform' } as const],
    [{ kind: 'zipf', s: 1.1 } as const],
    [{ kind: 'hotset', hotFraction: 0.5, hotTrafficFraction: 1 } as const],
    [{ kind: 'hotset', hotFraction: 0.5, hotTrafficFraction: 0 } as const],
    [{ kind: 'hotset', hotFraction: 1, hotTrafficFraction: 0.7 } as const],
  ])('%j stays in range', (distribution) => {
    const s = createKeySampler(distribution, 7, createRng(9));
    for (let i = 0; i < 10_000; i++) {
      const k = s.next();
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });

  it('a single key is always index 0', () => {
    const s = createKeySampler({ kind: 'zipf', s: 1.1 }, 1, createRng(1));
    expect([s.next(), s.next()]).toEqual([0, 0]);
  });
});

describe('helpers', () => {
  it('zipfCdf is increasing and ends at exactly 1', () => {
    const cdf = zipfCdf(1000, 1.1);
    for (let i = 1; i < cdf.length; i++) expect(cdf[i]).toBeGreaterThan(cdf[i - 1] as number);
    expect(cdf[999]).toBe(1);
  });

  it.each([
    [100, 0.1, 10],
    [10, 0.01, 1],
    [10, 1, 10],
    [3, 0.5, 2],
  ])('hotsetSize(%i, %d) = %i', (keys, fraction, size) => {
    expect(hotsetSize(keys, fraction)).toBe(size);
  });

  it('key names: k1 is rank 1', () => {
    expect([keyName(0), keyName(41)]).toEqual(['k1', 'k42']);
  });
});
