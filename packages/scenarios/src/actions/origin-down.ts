import { defineAction } from './action-runner.js';

/** The origin goes away: connections are refused until origin-up. */
export const originDown = defineAction('origin-down', async (_action, ctx) => {
  await ctx.origin.down();
  return {};
});

export const originUp = defineAction('origin-up', async (_action, ctx) => {
  await ctx.origin.up();
  return {};
});
