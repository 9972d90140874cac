import type { RuntimeConfig } from '@stampede/fake-backend';
import { defineAction } from './action-runner.js';

/** The origin's Cache-Control from now on (what a too-aggressive invalidation setting does). */
export const setOriginTtl = defineAction('set-origin-ttl', async (action, ctx) => {
  const patch: RuntimeConfig = { ttlS: action.ttlS };
  if (action.staleWhileRevalidateS !== undefined) patch.staleWhileRevalidateS = action.staleWhileRevalidateS;
  if (action.ttlJitterPct !== undefined) patch.ttlJitterPct = action.ttlJitterPct;
  ctx.origin.configure(patch);
  return { ...patch };
});
