import { defineAction } from './action-runner.js';

/** Drop some objects: named keys, or the N most popular. */
export const purge = defineAction('purge', async (action, ctx) => {
  const paths = Array.isArray(action.keys)
    ? action.keys.map((k) => ctx.pathOf(k))
    : Array.from({ length: Math.min(action.keys.top, ctx.spec.load.keys) }, (_, i) => ctx.keyPath(i + 1));
  await ctx.cache.purgeKeys(paths);
  return { keys: paths.length, first: paths[0] };
});
