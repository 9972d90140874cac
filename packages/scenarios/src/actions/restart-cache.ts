import { defineAction } from './action-runner.js';

/** Restart the cache: empty (cold), or re-fetching the top N keys at a limited rate before traffic returns (warm). */
export const restartCache = defineAction('restart-cache', async (action, ctx) => {
  const warm =
    action.mode === 'warm'
      ? {
          paths: Array.from({ length: Math.min(action.warm?.topN ?? 100, ctx.spec.load.keys) }, (_, i) => ctx.keyPath(i + 1)),
          ratePerS: action.warm?.ratePerS ?? 200,
        }
      : undefined;
  const result = await ctx.cache.restart(action.mode, warm);
  return { ...result };
});
