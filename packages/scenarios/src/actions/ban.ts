import { defineAction } from './action-runner.js';

/** Drop the objects whose URL matches a regular expression (a Varnish ban). */
export const ban = defineAction('ban', async (action, ctx) => {
  await ctx.cache.ban(action.pattern);
  return { pattern: action.pattern };
});
