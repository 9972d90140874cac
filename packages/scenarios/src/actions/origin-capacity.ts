import type { RuntimeConfig } from '@stampede/fake-backend';
import { defineAction } from './action-runner.js';

/** The origin's slots and queue change: a capacity drop (a host lost) or a scale-out. */
export const originCapacity = defineAction('origin-capacity', async (action, ctx) => {
  const patch: RuntimeConfig = {};
  if (action.concurrency !== undefined) patch.concurrency = action.concurrency;
  if (action.queue !== undefined) patch.queue = action.queue;
  ctx.origin.configure(patch);
  return { ...patch };
});
