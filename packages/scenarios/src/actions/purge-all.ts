import { defineAction } from './action-runner.js';

/** The incident's purge script: every object dropped at once. */
export const purgeAll = defineAction('purge-all', async (_action, ctx) => {
  await ctx.cache.purgeAll();
  return {};
});
