import type { CacheCounts } from './report.js';

/**
 * (hit + stale) / responses with a known cache outcome (hit + miss + stale + pass); null when none is known.
 * Stale/grace answers count as hits: the cache absorbed the request without waiting on the origin.
 */
export function hitRatio(cache: Pick<CacheCounts, 'hit' | 'miss' | 'stale' | 'pass'>): number | null {
  const known = cache.hit + cache.miss + cache.stale + cache.pass;
  return known === 0 ? null : (cache.hit + cache.stale) / known;
}
