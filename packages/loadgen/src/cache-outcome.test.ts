import { describe, expect, it } from 'vitest';
import { addCacheCounts, classifyCacheBytes, classifyCacheHeader, emptyCacheCounts } from './cache-outcome.js';

describe('cache outcome', () => {
  it.each([
    ['HIT', 'hit'],
    ['hit', 'hit'],
    ['Hit', 'hit'],
    ['HIT 3', 'hit'],
    ['  HIT', 'hit'],
    ['HIT, MISS', 'hit'],
    ['MISS', 'miss'],
    ['miss; fwd=miss', 'miss'],
    ['EXPIRED', 'miss'],
    ['STALE', 'stale'],
    ['UPDATING', 'stale'],
    ['GRACE', 'stale'],
    ['REVALIDATED', 'miss'],
    ['PASS', 'pass'],
    ['BYPASS', 'pass'],
    ['HITS', 'unknown'],
    ['', 'unknown'],
    ['TCP_HIT', 'unknown'],
    ['SOMETHING-VERY-LONG', 'unknown'],
  ])('%j -> %s (string and raw bytes agree)', (value, outcome) => {
    expect(classifyCacheHeader(value)).toBe(outcome);
    expect(classifyCacheBytes(Buffer.from(value, 'latin1'))).toBe(outcome);
  });

  it('no header is unknown; a repeated header uses its first value', () => {
    expect(classifyCacheHeader(undefined)).toBe('unknown');
    expect(classifyCacheHeader(null)).toBe('unknown');
    expect(classifyCacheHeader(['MISS', 'HIT'])).toBe('miss');
  });

  it('adds counts', () => {
    expect(addCacheCounts({ ...emptyCacheCounts(), hit: 2 }, { hit: 1, miss: 1, stale: 1, pass: 1, unknown: 1 })).toEqual({
      hit: 3,
      miss: 1,
      stale: 1,
      pass: 1,
      unknown: 1,
    });
  });
});
