/**
 * Key popularity (pure, seeded). A sampler draws a key index in [0, keys): index 0 is rank 1, the
 * hottest key. Zipf uses a precomputed CDF and binary search (O(log N) per draw, no allocation).
 */
import type { Rng } from './rng.js';
import type { KeyDistribution } from './spec.js';

export interface KeySampler {
  /** 0-based key index; rank = index + 1 */
  next(): number;
}

/** Stream id of the key choices in deriveSeed(seed, worker, stream). */
export const KEY_STREAM = 2;

/** The key string of a 0-based index, substituted for `{key}` in the URL: k1 is the hottest. */
export function keyName(index: number): string {
  return `k${index + 1}`;
}

export function createKeySampler(distribution: KeyDistribution, keys: number, rng: Rng): KeySampler {
  if (keys <= 1) return { next: () => 0 };
  switch (distribution.kind) {
    case 'uniform':
      return { next: () => Math.floor(rng() * keys) };
    case 'zipf':
      return distribution.s === 0
        ? { next: () => Math.floor(rng() * keys) }
        : new ZipfSampler(zipfCdf(keys, distribution.s), rng);
    case 'hotset':
      return hotsetSampler(keys, distribution.hotFraction, distribution.hotTrafficFraction, rng);
  }
}

/** cdf[i] = P(index <= i) for weights 1 / (i + 1)^s; the last entry is exactly 1. */
export function zipfCdf(keys: number, s: number): Float64Array {
  const cdf = new Float64Array(keys);
  let sum = 0;
  for (let i = 0; i < keys; i++) {
    sum += 1 / Math.pow(i + 1, s);
    cdf[i] = sum;
  }
  for (let i = 0; i < keys; i++) cdf[i] = (cdf[i] as number) / sum;
  cdf[keys - 1] = 1;
  return cdf;
}

class ZipfSampler implements KeySampler {
  constructor(
    private readonly cdf: Float64Array,
    private readonly rng: Rng,
  ) {}

  next(): number {
    const u = this.rng();
    const cdf = this.cdf;
    // first index with cdf[index] > u
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Number of keys in the hot set: round(keys × hotFraction), at least 1, at most keys. */
export function hotsetSize(keys: number, hotFraction: number): number {
  return Math.min(keys, Math.max(1, Math.round(keys * hotFraction)));
}

function hotsetSampler(keys: number, hotFraction: number, hotTraffic: number, rng: Rng): KeySampler {
  const hot = hotsetSize(keys, hotFraction);
  const cold = keys - hot;
  if (cold === 0 || hotTraffic >= 1) return { next: () => Math.floor(rng() * hot) };
  if (hotTraffic <= 0) return { next: () => hot + Math.floor(rng() * cold) };
  // one draw: u < p picks the hot set, and u rescaled within its part picks the key uniformly
  return {
    next: () => {
      const u = rng();
      return u < hotTraffic
        ? Math.floor((u / hotTraffic) * hot)
        : hot + Math.min(cold - 1, Math.floor(((u - hotTraffic) / (1 - hotTraffic)) * cold));
    },
  };
}
