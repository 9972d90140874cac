import { defineAction } from './action-runner.js';

/** The origin freezes: nothing is served for durationS (a GC pause, a stuck database). */
export const originPause = defineAction('origin-pause', async (action, ctx) => {
  ctx.origin.pause(action.durationS * 1000);
  return { durationS: action.durationS };
});
