/**
 * Fake origin options. `BackendOptionsInput` (all optional) is what callers pass; `validateBackendOptions` fills
 * defaults, rejects unknown fields and reports every problem at once (BackendOptionsError, naming each field),
 * then freezes the result. `validateRuntimeConfig` does the same for a run-time patch (configure / POST /config).
 */
import { z } from 'zod';
import { formatIssues, isLoopbackHost } from '@stampede/validation';
import { BackendOptionsError } from './errors.js';

export type ServiceTimeModel =
  | { kind: 'constant'; ms: number }
  | { kind: 'exponential'; meanMs: number }
  /** lognormal fitted to the given median and 99th percentile */
  | { kind: 'lognormal'; p50Ms: number; p99Ms: number };

export interface BackendOptions {
  host: string; // 127.0.0.1
  port: number; // 0 = any free port
  adminPort: number; // 0 = any free port
  /** a non-loopback `host` is refused unless this is true (the admin API stays loopback-only regardless) */
  allowRemote: boolean;
  /** service slots: requests being served at once */
  concurrency: number;
  /** FIFO waiting room; a request that finds it full gets 503 at once */
  queue: number;
  /** a request waiting longer than this gets 503 */
  queueTimeoutMs: number;
  /**
   * false (default): a waiter whose client disconnects leaves the queue. true: it stays and is served anyway, as by
   * a server that cannot see disconnects (a thread pool, a database): the work is wasted, counted as abandoned
   */
  serveAbandoned: boolean;
  /** Retry-After seconds on 503 */
  retryAfterS: number;
  serviceTime: ServiceTimeModel;
  /** load-dependent slowdown: service time x (1 + contention x inflight / concurrency) */
  contention: number;
  /** Cache-Control max-age */
  ttlS: number;
  /** adds `stale-while-revalidate=N` when > 0 */
  staleWhileRevalidateS: number;
  /** max-age x (1 +/- U(0, p/100)), per response */
  ttlJitterPct: number;
  bodyBytes: number;
  seed: number;
  /** width of the per-interval stats series */
  intervalMs: number;
  /** bumped by POST /config {contentVersion}; sent as X-Content-Version and in the ETag */
  contentVersion: number;
}

/** What callers pass: every field optional, defaults in `backendDefaults`. */
export type BackendOptionsInput = Partial<BackendOptions>;

/** The subset that POST /config and `backend.configure()` may change at run time. */
export type RuntimeConfig = Partial<
  Pick<
    BackendOptions,
    | 'concurrency'
    | 'queue'
    | 'queueTimeoutMs'
    | 'serviceTime'
    | 'contention'
    | 'ttlS'
    | 'staleWhileRevalidateS'
    | 'ttlJitterPct'
    | 'bodyBytes'
    | 'contentVersion'
  >
>;

/** Longest delay setTimeout honours (larger values fire after 1 ms). */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Defaults: a modest app tier (32 slots, 64 waiting, 1 s queue timeout) in front of a database whose reads take
 * ~20 ms typically and ~80 ms at p99, no slowdown under load, content cacheable for 60 s.
 */
export const backendDefaults: Readonly<BackendOptions> = Object.freeze({
  host: '127.0.0.1',
  port: 0,
  adminPort: 0,
  allowRemote: false,
  concurrency: 32,
  queue: 64,
  queueTimeoutMs: 1000,
  serveAbandoned: false,
  retryAfterS: 1,
  serviceTime: Object.freeze({ kind: 'lognormal', p50Ms: 20, p99Ms: 80 }) as ServiceTimeModel,
  contention: 0,
  ttlS: 60,
  staleWhileRevalidateS: 0,
  ttlJitterPct: 0,
  bodyBytes: 1024,
  seed: 1,
  intervalMs: 1000,
  contentVersion: 1,
});

/** An integer field whose every failure reads the same: `must be an integer >= 1`. */
function int(min: number, max?: number) {
  const what = max === undefined ? `must be an integer >= ${min}` : `must be an integer between ${min} and ${max}`;
  const s = z.number({ error: what }).int({ error: what }).min(min, { error: what });
  return max === undefined ? s : s.max(max, { error: what });
}

/** A (possibly fractional) number field: `> 0` when `exclusiveMin`, else `>= min`. */
function num(min: number, max: number, exclusiveMin = false) {
  const lower = exclusiveMin ? `> ${min}` : `>= ${min}`;
  const what = `must be a number ${lower} and <= ${max}`;
  const s = z.number({ error: what }).max(max, { error: what });
  return exclusiveMin ? s.gt(min, { error: what }) : s.min(min, { error: what });
}

const MAX_SERVICE_MS = 3_600_000;
const KINDS = '"constant", "exponential" or "lognormal"';

const serviceTimeSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('constant'), ms: num(0, MAX_SERVICE_MS) }),
    z.strictObject({ kind: z.literal('exponential'), meanMs: num(0, MAX_SERVICE_MS, true) }),
    z
      .strictObject({ kind: z.literal('lognormal'), p50Ms: num(0, MAX_SERVICE_MS, true), p99Ms: num(0, MAX_SERVICE_MS, true) })
      .refine((v) => v.p99Ms >= v.p50Ms, { path: ['p99Ms'], error: 'must be >= serviceTime.p50Ms' }),
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? `must be one of ${KINDS}`
        : 'must be an object such as {"kind":"lognormal","p50Ms":20,"p99Ms":80}',
  },
);

/** Fields that may change at run time; shared by both schemas so limits cannot drift apart. */
const runtimeFields = {
  concurrency: int(1),
  queue: int(0),
  queueTimeoutMs: int(1, MAX_TIMER_MS),
  serviceTime: serviceTimeSchema,
  contention: num(0, 1000),
  ttlS: int(0, 31_536_000),
  staleWhileRevalidateS: int(0, 31_536_000),
  ttlJitterPct: num(0, 100),
  bodyBytes: int(0, 64 * 1024 * 1024),
  contentVersion: int(0),
};

const startOnlyFields = {
  host: z.string({ error: 'must be a host name or IP address' }).min(1, { error: 'must not be empty' }),
  port: int(0, 65535),
  adminPort: int(0, 65535),
  allowRemote: z.boolean({ error: 'must be true or false' }),
  retryAfterS: int(0, 86_400),
  serveAbandoned: z.boolean({ error: 'must be true or false' }),
  seed: z.number({ error: 'must be an integer' }).int({ error: 'must be an integer' }),
  intervalMs: int(100, 10_000),
};

const allFields = { ...startOnlyFields, ...runtimeFields };

/** Every field defaulted, keys in the order of BackendOptions (so a printed config reads like the docs). */
const backendSchema = z.strictObject(
  Object.fromEntries(
    (Object.keys(backendDefaults) as (keyof BackendOptions)[]).map((k) => [
      k,
      (allFields[k] as z.ZodType).default(backendDefaults[k] as never),
    ]),
  ) as { [K in keyof BackendOptions]: z.ZodDefault<(typeof allFields)[K]> },
  { error: 'must be an object' },
);

/** Cross-field rule, kept apart so it is checked even when other fields are wrong. */
const remoteRule = z.looseObject({}).superRefine((v, ctx) => {
  const host = v['host'];
  if (typeof host === 'string' && host !== '' && !isLoopbackHost(host) && v['allowRemote'] !== true) {
    ctx.addIssue({
      code: 'custom',
      path: ['host'],
      message: 'must be a loopback address (127.0.0.1, ::1, localhost) unless allowRemote is true',
    });
  }
});

const runtimeSchema = z.strictObject(
  Object.fromEntries(Object.entries(runtimeFields).map(([k, s]) => [k, (s as z.ZodType).optional()])) as {
    [K in keyof typeof runtimeFields]: z.ZodOptional<(typeof runtimeFields)[K]>;
  },
  { error: 'must be a JSON object of run-time settings such as {"ttlS":5}' },
);

/**
 * Validate and default backend options; returns a frozen record.
 * @throws BackendOptionsError listing every problem as `<field path> <what is wrong> (got X)`.
 */
export function validateBackendOptions(raw: unknown = {}): BackendOptions {
  const parsed = backendSchema.safeParse(raw);
  const remote = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? remoteRule.safeParse(raw) : undefined;
  const problems = [
    ...(parsed.success ? [] : formatIssues(parsed.error.issues, raw, { rootName: 'options', unknownField: () => 'is not a known option' })),
    ...(remote === undefined || remote.success ? [] : formatIssues(remote.error.issues, raw, { rootName: 'options' })),
  ];
  if (problems.length > 0 || !parsed.success) throw new BackendOptionsError(problems);
  const options: BackendOptions = parsed.data;
  return deepFreeze(options);
}

/**
 * Validate a run-time patch (configure / POST /config). Only the RuntimeConfig fields are accepted; a start-only
 * field (port, seed, ...) is reported as such.
 * @throws BackendOptionsError
 */
export function validateRuntimeConfig(patch: unknown): RuntimeConfig {
  const parsed = runtimeSchema.safeParse(patch);
  if (parsed.success) return deepFreeze(parsed.data as RuntimeConfig);
  const problems = formatIssues(parsed.error.issues, patch, {
    rootName: 'config',
    unknownField: (key) =>
      Object.hasOwn(startOnlyFields, key) ? 'cannot be changed at run time (restart the backend)' : 'is not a run-time setting',
  });
  throw new BackendOptionsError(problems, 'run-time config');
}

const pauseSchema = z.strictObject(
  { ms: int(0, MAX_TIMER_MS).optional() },
  { error: 'must be a JSON object such as {"ms":2000} (or empty: paused until resume)' },
);

/**
 * Validate a pause request (`POST /pause` body): `{}` pauses until resume, `{ms}` for that long.
 * @throws BackendOptionsError
 */
export function validatePauseRequest(body: unknown): { ms?: number } {
  const parsed = pauseSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new BackendOptionsError(
    formatIssues(parsed.error.issues, body, { rootName: 'pause', unknownField: () => 'is not a pause setting' }),
    'pause request',
  );
}

/** Apply a validated patch to validated options; the result is frozen. */
export function applyRuntimeConfig(options: BackendOptions, patch: RuntimeConfig): BackendOptions {
  const next: BackendOptions = { ...options };
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
  }
  return deepFreeze(next);
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}
