import type { CacheConfigChange } from '../caches/adapter.js';
import { defineAction } from './action-runner.js';

/** A cache configuration deployed under load (the caching-strategy change of the postmortems). */
export const reloadCacheConfig = defineAction('reload-cache-config', async (action, ctx) => {
  const { action: _kind, ...change } = action as typeof action & { at?: number };
  delete (change as { at?: number }).at;
  await ctx.cache.reloadConfig(change as CacheConfigChange);
  return { ...change };
});
