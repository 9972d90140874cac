/**
 * Timeline actions: one schema per kind (a discriminated union on `action`) and the cache capability each needs.
 * Relations with the rest of the spec (times, cache kind, key counts) are in cross-checks.ts.
 */
import { z } from 'zod';
import type { CacheCapability } from '../caches/adapter.js';
import { graceSchema } from './cache-schema.js';
import { bool, byteSize, int, num, oneOf, seconds, text } from './fields.js';
import { LIMITS } from './limits.js';
import { originFields } from './origin-schema.js';
import type { Action, ActionKind } from './types.js';

const at = seconds({ min: 0, max: LIMITS.maxDurationS });
const rate = num({ gt: 0, max: LIMITS.maxRatePerS });
const topN = int(1, LIMITS.maxKeys);

const key = z
  .union([z.string(), z.number()], { error: 'must be a key such as k1' })
  .transform(String)
  .pipe(z.string().min(1, { error: 'must not be empty' }));

const purgeKeys = z.union(
  [
    z.array(key).min(1, { error: 'must name at least one key' }).max(LIMITS.maxPurgeKeys, {
      error: `must name at most ${LIMITS.maxPurgeKeys} keys (use { top: N })`,
    }),
    z.strictObject({ top: topN }),
  ],
  { error: 'must be a list of keys such as [k1, k2] or { top: N }' },
);

const regex = text.refine(
  (p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be a valid regular expression, e.g. ^/items/k1[0-9]$' },
);

function step<const K extends string, S extends z.core.$ZodLooseShape>(action: K, shape: S) {
  return z.strictObject({ at, action: z.literal(action), ...shape });
}

export const stepSchema = z.discriminatedUnion(
  'action',
  [
    step('purge-all', {}),
    step('ban', { pattern: regex }),
    step('purge', { keys: purgeKeys }),
    step('restart-cache', {
      mode: oneOf(['cold', 'warm']),
      warm: z
        .strictObject(
          { topN: topN, ratePerS: rate },
          { error: 'must be an object such as { topN: 200, ratePerS: 100 }' },
        )
        .optional(),
    }),
    step('set-origin-ttl', {
      ttlS: originFields.ttlS,
      staleWhileRevalidateS: originFields.staleWhileRevalidateS.optional(),
      ttlJitterPct: originFields.ttlJitterPct.optional(),
    }),
    step('origin-slowdown', {
      factor: num({ gt: 0, max: LIMITS.maxSlowdownFactor }).optional(),
      serviceTime: originFields.serviceTime.optional(),
      contention: originFields.contention.optional(),
      durationS: seconds({ gt: 0, max: LIMITS.maxDurationS }).optional(),
    }),
    step('origin-capacity', {
      concurrency: originFields.concurrency.optional(),
      queue: originFields.queue.optional(),
    }),
    step('origin-pause', { durationS: seconds({ gt: 0, max: LIMITS.maxDurationS }) }),
    step('reload-cache-config', {
      coalescing: bool.optional(),
      grace: graceSchema.optional(),
      ttlOverrideS: z
        .union([z.null(), seconds({ min: 0, max: LIMITS.maxTtlS, whole: true })], {
          error: 'must be a whole number of seconds, or null to remove the override',
        })
        .optional(),
      maxCount: int(1, LIMITS.maxCacheCount).optional(),
      maxSizeBytes: byteSize(LIMITS.minCacheBytes, LIMITS.maxCacheBytes).optional(),
      vclFile: text.optional(),
      nginxConfFile: text.optional(),
    }),
    step('origin-down', {}),
    step('origin-up', {}),
    step('mark', { label: text }),
  ],
  { error: 'must be an object such as { at: 15s, action: purge-all }' },
);

/** Every action kind, in the order the docs list them. */
export const ACTION_KINDS: readonly ActionKind[] = Object.freeze(
  stepSchema.options.map((o) => o.shape.action.value) as ActionKind[],
);

/** Parameter names of each action kind besides `at` and `action` (for docs and messages). */
export const ACTION_PARAMS: Readonly<Record<ActionKind, readonly string[]>> = Object.freeze(
  Object.fromEntries(
    stepSchema.options.map((o) => [
      o.shape.action.value,
      Object.keys(o.shape).filter((k) => k !== 'at' && k !== 'action'),
    ]),
  ) as Record<ActionKind, string[]>,
);

/** The cache capabilities one action needs (origin actions and marks need none). */
export function actionCapabilities(a: Action): CacheCapability[] {
  switch (a.action) {
    case 'purge-all':
      return ['purgeAll'];
    case 'ban':
      return ['ban'];
    case 'purge':
      return ['purgeKeys'];
    case 'restart-cache':
      return [a.mode === 'warm' ? 'restartWarm' : 'restartCold'];
    case 'reload-cache-config': {
      const needs: CacheCapability[] = ['reloadConfig'];
      if (a.coalescing === false) needs.push('coalescingToggle');
      if (a.grace !== undefined) needs.push('grace');
      return needs;
    }
    case 'set-origin-ttl':
    case 'origin-slowdown':
    case 'origin-capacity':
    case 'origin-pause':
    case 'origin-down':
    case 'origin-up':
    case 'mark':
      return [];
  }
}
