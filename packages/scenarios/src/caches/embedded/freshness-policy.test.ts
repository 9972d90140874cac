import { describe, expect, test } from 'vitest';
import { rewriteCacheControl, type FreshnessPolicy } from './freshness-policy.js';

const keep: FreshnessPolicy = { ttlOverrideS: undefined, grace: undefined };

describe('rewriteCacheControl', () => {
  test.each<[string | string[] | undefined, FreshnessPolicy, string | undefined]>([
    ['public, max-age=60', keep, 'public, max-age=60'],
    [undefined, keep, undefined],
    [undefined, { ttlOverrideS: 5, grace: undefined }, 'max-age=5'],
    ['public, max-age=60, s-maxage=120', { ttlOverrideS: 5, grace: undefined }, 'public, max-age=5'],
    ['no-store, max-age=60', { ttlOverrideS: 5, grace: undefined }, 'no-store, max-age=5'],
    ['max-age=60, stale-while-revalidate=30', { ttlOverrideS: undefined, grace: false }, 'max-age=60'],
    ['max-age=60', { ttlOverrideS: undefined, grace: { seconds: 10 } }, 'max-age=60, stale-while-revalidate=10'],
    ['Max-Age=60, Stale-While-Revalidate=1', { ttlOverrideS: 2, grace: { seconds: 3 } }, 'max-age=2, stale-while-revalidate=3'],
    [['public', 'max-age=60'], { ttlOverrideS: 1, grace: undefined }, 'public, max-age=1'],
    [undefined, { ttlOverrideS: undefined, grace: { seconds: 3 } }, undefined],
  ])('%j under %j -> %j', (value, policy, expected) => {
    expect(rewriteCacheControl(value, policy)).toBe(expected);
  });
});
