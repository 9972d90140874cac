/**
 * The option parts every cache kind shares: the leaf schemas (with messages phrased as the fix), the fields every
 * kind takes (originUrl, workDir, allowRemote, cacheHeader, startTimeoutMs), the caching settings of the kinds
 * stampede configures itself (coalescing, grace, ttlOverrideS, maxSizeBytes), their defaults, and the run-time
 * change fields. A kind's own options module (<kind>/<kind>-options.ts) adds its fields to these.
 */
import { z } from 'zod';
import { isLoopbackHost } from './loopback.js';

/** Serve stale while one background fetch refreshes: for `seconds` past expiry, or never (`false`). */
export type GraceSetting = { seconds: number } | false;

/** One year: the longest TTL or grace, as Cache-Control max-age limits go. */
export const YEAR_S = 31_536_000;

const MiB = 1024 * 1024;

export function int(min: number, max: number) {
  const what = `must be an integer between ${min} and ${max}`;
  return z.number({ error: what }).int({ error: what }).min(min, { error: what }).max(max, { error: what });
}

export const bool = z.boolean({ error: 'must be true or false' });
export const nonEmpty = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });
export const graceSchema = z.union([z.literal(false), z.strictObject({ seconds: int(0, YEAR_S) })], {
  error: 'must be false or an object such as {"seconds":30}',
});
const headerName = z
  .string({ error: 'must be a header name' })
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: 'must be a header name such as x-cache' });

/** Bounds shared by the options and the run-time changes. */
export const maxCountSchema = int(1, 100_000_000);
export const maxSizeBytesSchema = int(1024, 2 ** 48);

/** Fields every kind takes. */
export const commonFields = {
  originUrl: nonEmpty.optional(),
  workDir: nonEmpty.optional(),
  allowRemote: bool.optional(),
  cacheHeader: headerName.optional(),
  startTimeoutMs: int(100, 600_000).optional(),
} as const;

/** The caching settings of the kinds whose configuration stampede writes (embedded, varnish, nginx). */
export const cachingFields = {
  coalescing: bool.optional(),
  grace: graceSchema.optional(),
  ttlOverrideS: int(0, YEAR_S).optional(),
  maxSizeBytes: maxSizeBytesSchema.optional(),
} as const;

/** The common fields with the caching settings, for the kinds stampede configures (in the order problems are listed). */
export const commonCachingFields = (() => {
  const { cacheHeader, startTimeoutMs, ...location } = commonFields;
  return { ...location, ...cachingFields, cacheHeader, startTimeoutMs } as const;
})();

export const COMMON_DEFAULTS = Object.freeze({
  coalescing: true,
  allowRemote: false,
  maxSizeBytes: 256 * MiB,
  startTimeoutMs: 20_000,
});

/** The resolved options of a kind that stampede starts in front of the origin (embedded, varnish, nginx). */
export interface CommonOptions {
  readonly originUrl: string;
  readonly workDir: string | undefined;
  readonly allowRemote: boolean;
  readonly coalescing: boolean;
  readonly grace: GraceSetting | undefined;
  readonly ttlOverrideS: number | undefined;
  readonly maxSizeBytes: number;
  readonly cacheHeader: string;
  readonly startTimeoutMs: number;
}

/** The common and caching fields as validated (before defaults). */
export interface CommonInput {
  /** the fake origin, http://127.0.0.1:PORT (required, except for external where it is informational) */
  originUrl?: string;
  /** absolute, private directory for config, cache files and logs; default: a new one under os.tmpdir(),
   * removed on stop(). A directory given here is created if missing and left in place on stop(). */
  workDir?: string;
  /** accept non-loopback origin / external cache URLs */
  allowRemote?: boolean;
  /** response header with the outcome; default x-cache (embedded, varnish, external), x-stampede-cache (varnish with
   * vclFile: stampede adds it in front of your VCL) or x-cache-status (nginx) */
  cacheHeader?: string;
  /** how long start() waits for the cache to serve */
  startTimeoutMs?: number;
  /** request coalescing (default true): undici deduplicate / varnish busy-object waiting / nginx proxy_cache_lock */
  coalescing?: boolean;
  /** default: the cache's own behaviour (origin's stale-while-revalidate; varnish default_grace 10 s) */
  grace?: GraceSetting;
  /** cache everything cacheable for this many seconds, whatever the origin's Cache-Control says */
  ttlOverrideS?: number;
  /** storage size: MemoryCacheStore bytes (embedded), -s malloc (varnish), proxy_cache_path max_size (nginx) */
  maxSizeBytes?: number;
}

/** Defaults for the common and caching fields; `cacheHeader` is the kind's default when not given. */
export function resolveCommon(d: CommonInput, defaultCacheHeader: string): CommonOptions {
  return {
    originUrl: stripSlash(d.originUrl ?? ''),
    workDir: d.workDir,
    allowRemote: d.allowRemote ?? COMMON_DEFAULTS.allowRemote,
    coalescing: d.coalescing ?? COMMON_DEFAULTS.coalescing,
    grace: d.grace,
    ttlOverrideS: d.ttlOverrideS,
    maxSizeBytes: d.maxSizeBytes ?? COMMON_DEFAULTS.maxSizeBytes,
    cacheHeader: (d.cacheHeader ?? defaultCacheHeader).toLowerCase(),
    startTimeoutMs: d.startTimeoutMs ?? COMMON_DEFAULTS.startTimeoutMs,
  };
}

/** What a reloadConfig may change, as validated (CacheConfigChange in adapter.ts is the same record). */
export const changeFields = {
  coalescing: bool.optional(),
  grace: graceSchema.optional(),
  ttlOverrideS: z.union([int(0, YEAR_S), z.null()], { error: `must be an integer between 0 and ${YEAR_S}, or null` }).optional(),
  maxCount: maxCountSchema.optional(),
  maxSizeBytes: maxSizeBytesSchema.optional(),
  vclFile: nonEmpty.optional(),
  nginxConfFile: nonEmpty.optional(),
} as const;

export type ChangeField = keyof typeof changeFields;

/** Records a problem with the field at `path` (the value is looked up and shown by the caller). */
export type AddProblem = (path: string, what: string) => void;

/**
 * Checks an absolute URL field: `originOnly` URLs (origin, cache) have no path; `httpOnly` ones must be http://;
 * non-loopback hosts need allowRemote.
 */
export function checkUrl(
  path: string,
  value: unknown,
  rules: { required: boolean; httpOnly: boolean; allowRemote: boolean },
  add: AddProblem,
): void {
  if (value === undefined) {
    if (rules.required) add(path, 'is required (http://127.0.0.1:PORT)');
    return;
  }
  if (typeof value !== 'string') return; // reported by the schema
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    add(path, 'must be an absolute http:// URL such as http://127.0.0.1:8080');
    return;
  }
  if (rules.httpOnly && u.protocol !== 'http:') add(path, 'must use http:// (the caches speak plain HTTP/1.1 to it)');
  else if (u.protocol !== 'http:' && u.protocol !== 'https:') add(path, 'must use http:// or https://');
  else if (u.pathname !== '/' || u.search !== '' || u.hash !== '') add(path, 'must be an origin only: no path, query or fragment');
  else if (!rules.allowRemote && !isLoopbackHost(u.hostname)) {
    add(path, 'must be a loopback address (127.0.0.1, ::1, localhost) unless allowRemote is true');
  }
}

export function stripSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
