import { describe, expect, it } from 'vitest';
import { createKeySampler, createRng } from '@stampede/loadgen';
import { GuidedZipfSampler } from './guided-zipf-sampler.js';

describe('GuidedZipfSampler', () => {
  it.each([
    { keys: 2, s: 1, draws: 10_000 },
    { keys: 1000, s: 1.1, draws: 200_000 },
    { keys: 12_345, s: 0.6, draws: 200_000 },
    { keys: 1_000_000, s: 1, draws: 300_000 },
  ])('draws exactly what loadgen createKeySampler draws: $keys keys, s = $s', ({ keys, s, draws }) => {
    const ours = new GuidedZipfSampler(keys, s, createRng(7));
    const theirs = createKeySampler({ kind: 'zipf', s }, keys, createRng(7));
    let mismatches = 0;
    let top = 0;
    for (let i = 0; i < draws; i++) {
      const k = ours.next();
      if (k !== theirs.next()) mismatches++;
      if (k === 0) top++;
    }
    expect(mismatches).toBe(0);
    expect(top).toBeGreaterThan(0);
  });
});
