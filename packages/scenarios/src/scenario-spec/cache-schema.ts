/**
 * `cache`: which cache and how it is configured. The kinds are the cache registry's (../caches/registry.ts); field
 * names and bounds follow the adapters' options (../caches/options.ts, each kind's <kind>-options.ts), parsed the
 * spec's way (durations, sizes); which fields apply to which kind is read from the registry in cross-checks.ts.
 */
import { z } from 'zod';
import { CACHE_KINDS, type CacheKind } from '../caches/adapter.js';
import type { CacheAdapterOptions, GraceSetting } from '../caches/options.js';
import { parseDuration } from '@stampede/loadgen';
import { bool, byteSize, int, oneOf, seconds, text } from './fields.js';
import { LIMITS } from './limits.js';

const GRACE_HINT = 'must be false, a number of seconds, a duration like 30s, or { seconds: N }';

/** Grace: `false`, seconds (`30`, `30s`) or the adapters' own `{ seconds: 30 }`; always `{ seconds } | false` out. */
export const graceSchema: z.ZodType<GraceSetting, GraceSetting | number | string> = z
  .unknown()
  .transform((v, ctx) => {
    if (typeof v !== 'number' && typeof v !== 'string') return v;
    const r = parseDuration(v);
    if (r.ok && Number.isInteger(r.seconds)) return { seconds: r.seconds };
    ctx.addIssue({ code: 'custom', message: r.ok ? 'must be a whole number of seconds' : GRACE_HINT, input: v });
    return z.NEVER;
  })
  .pipe(
    z.union([z.literal(false), z.strictObject({ seconds: int(0, LIMITS.maxTtlS) })], { error: GRACE_HINT }),
  ) as unknown as z.ZodType<GraceSetting, GraceSetting | number | string>;

export const kindSchema = oneOf(CACHE_KINDS as readonly CacheKind[] as [CacheKind, ...CacheKind[]]);

const headerName = z
  .string({ error: 'must be a header name such as x-cache' })
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: 'must be a header name such as x-cache' });

const externalAction = z.union(
  [
    z.strictObject({
      url: text,
      method: z
        .string({ error: 'must be an upper-case HTTP method' })
        .regex(/^[A-Z]+$/, { error: 'must be an upper-case HTTP method' })
        .optional(),
      headers: z.record(z.string(), z.string({ error: 'must be a string' })).optional(),
    }),
    z.strictObject({ command: text }),
  ],
  { error: 'must be { url: ..., method?: ..., headers?: {...} } or { command: ... }' },
);

export const externalActionsSchema = z.strictObject(
  {
    purgeAll: externalAction.optional(),
    ban: externalAction.optional(),
    purgeKey: externalAction.optional(),
    restart: externalAction.optional(),
    reloadConfig: externalAction.optional(),
  },
  { error: 'must be an object such as { purgeAll: { command: "..." } }' },
);

export const cacheSchema = z.strictObject(
  {
    kind: kindSchema.default('embedded'),
    coalescing: bool.optional(),
    grace: graceSchema.optional(),
    ttlOverrideS: seconds({ min: 0, max: LIMITS.maxTtlS, whole: true }).optional(),
    maxCount: int(1, LIMITS.maxCacheCount).optional(),
    maxSizeBytes: byteSize(LIMITS.minCacheBytes, LIMITS.maxCacheBytes).optional(),
    cacheHeader: headerName.optional(),
    vclFile: text.optional(),
    nginxConfFile: text.optional(),
    url: text.optional(),
    actions: externalActionsSchema.optional(),
  },
  { error: 'must be an object such as { kind: embedded, coalescing: false }' },
);

// Every spec cache field (but kind) is an adapter option of the same name: the orchestrator passes them on as they are.
type SpecCacheField = Exclude<keyof z.input<typeof cacheSchema>, 'kind'>;
const _fieldsAreOptions: SpecCacheField extends keyof CacheAdapterOptions ? true : never = true;
void _fieldsAreOptions;
