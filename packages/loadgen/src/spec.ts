/**
 * Load spec: what the generator is asked to do. `LoadSpecInput` is what users and the orchestrator
 * pass (defaults filled in by validation); `LoadSpec` is the frozen, validated record.
 * Validation uses a schema (zod) and reports every problem at once (LoadSpecError), each naming its
 * field path; a non-loopback target without `allowRemote` is a RemoteTargetError.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { describeValue, formatIssues, isLoopbackHost } from '@stampede/validation';
import { LoadSpecError, RemoteTargetError } from './errors.js';
import { DEFAULT_RETRY_BUDGET, DEFAULT_RETRY_POLICY, RETRY_OUTCOMES, type RetryPolicy } from './retry-policy.js';

export type { RetryPolicy, RetryBudgetPolicy, RetryOutcome } from './retry-policy.js';

export type KeyDistribution =
  | { kind: 'uniform' }
  /** rank r (1-based) has weight 1 / r^s */
  | { kind: 'zipf'; s: number }
  /** `hotFraction` of the keys receive `hotTrafficFraction` of the requests, uniformly within each set */
  | { kind: 'hotset'; hotFraction: number; hotTrafficFraction: number };

/** k6-style ramp: from the previous stage's target (or `startRatePerS`) linearly to `targetRatePerS`. */
export interface RateStage {
  durationS: number;
  targetRatePerS: number;
}

export interface LoadSpec {
  /** absolute http URL; `{key}` is replaced with the chosen key (e.g. http://127.0.0.1:8080/items/{key}) */
  url: string;
  /** open (arrival rate, default) or closed (N connections, as fast as replies come) */
  model: 'open' | 'closed';
  /** open model: constant spacing or Poisson arrivals */
  arrival: 'constant' | 'poisson';
  /**
   * open model, constant rate: total requests per second over all workers. With stages it is the peak
   * stage target (informational); in the closed model it is 0 unless given (and then unused).
   */
  ratePerS: number;
  /** open model with ramps; when non-empty, the run lasts the sum of the stage durations */
  stages: RateStage[];
  startRatePerS: number;
  durationS: number;
  /**
   * worker threads. Default: closed model, the machine's cores (os.availableParallelism()); open model, only as
   * many as the peak rate needs (one per OPEN_RATE_PER_WORKER requests/s), at most the cores. Always at most
   * `connections`.
   */
  workers: number;
  /** total connections over all workers (split as evenly as possible, at least one each) */
  connections: number;
  pipelining: number;
  /** per-request timeout; a request past it counts as `timeout` */
  timeoutMs: number;
  /** per worker: requests due while this many are outstanding are dropped (counted, never silent) */
  maxInFlight: number;
  keys: number;
  distribution: KeyDistribution;
  seed: number;
  /** bucket width, 100 ms – 10 s */
  intervalMs: number;
  /** response header carrying the cache outcome (lower-case), e.g. x-cache or x-cache-status */
  cacheHeader: string;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  /** only loopback targets unless true */
  allowRemote: boolean;
  /**
   * client retries (retry-policy.ts); absent: no retries. Status classes and cache outcomes are counted per
   * attempt, latency per logical request from its first attempt's intended time.
   */
  retry?: RetryPolicy;
  /**
   * Correction of this process's clock to a controller's, in ms (a shard of a sharded run measures it at the start
   * barrier): every time the generator reads is `performance.timeOrigin + performance.now() + clockOffsetMs`, so its
   * buckets sit on the controller's grid. Absent: 0.
   */
  clockOffsetMs?: number;
}

/** A retry policy as callers give it: every field optional (DEFAULT_RETRY_POLICY), budget `ratio` required. */
export type RetryPolicyInput = Partial<Omit<RetryPolicy, 'budget'>> & {
  budget?: ({ ratio: number } & Partial<Omit<NonNullable<RetryPolicy['budget']>, 'ratio'>>) | null;
};

/** What callers pass: `url` plus any field of LoadSpec; the rest is defaulted (see DEFAULT_LOAD_SPEC). */
export type LoadSpecInput = { url: string } & Partial<Omit<LoadSpec, 'url' | 'retry'>> & { retry?: RetryPolicyInput };

/**
 * Defaults. Keys follow a Zipf(1.1) popularity by default rather than uniform: real cache traffic is
 * skewed (a few hot keys, a long tail), and a stampede is about what happens to the hot keys.
 */
export const DEFAULT_LOAD_SPEC = {
  model: 'open',
  arrival: 'constant',
  connections: 64,
  pipelining: 1,
  timeoutMs: 10_000,
  maxInFlight: 10_000,
  keys: 1000,
  distribution: { kind: 'zipf', s: 1.1 },
  seed: 1,
  intervalMs: 1000,
  cacheHeader: 'x-cache',
  method: 'GET',
  startRatePerS: 0,
} as const satisfies Partial<LoadSpec>;

/**
 * Requests per second one open-model worker is sized for when `workers` is not given. A worker thread keeps a
 * sub-2 ms schedule at this rate on a modest core; extra threads below it only add wake-ups, CPU and scheduling
 * jitter (they compete with the cache and origin for the same cores).
 */
export const OPEN_RATE_PER_WORKER = 20_000;

export const LIMITS = {
  /** requests per second over all workers: ratePerS, startRatePerS and every stage's target (scenario specs too) */
  maxRatePerS: 1_000_000,
  maxWorkers: 256,
  maxConnections: 100_000,
  maxPipelining: 1024,
  maxKeys: 10_000_000,
  minIntervalMs: 100,
  maxIntervalMs: 10_000,
  maxTimeoutMs: 3_600_000,
  maxAttempts: 100,
  maxBackoffMs: 3_600_000,
} as const;

const positive = () => z.number().gt(0);
const int = (min: number, max: number) => z.number().int().min(min).max(max);

const distributionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('uniform') }),
  z.strictObject({ kind: z.literal('zipf'), s: z.number().min(0).max(10) }),
  z.strictObject({
    kind: z.literal('hotset'),
    hotFraction: z.number().gt(0).max(1),
    hotTrafficFraction: z.number().min(0).max(1),
  }),
]);

const stageSchema = z.strictObject({
  durationS: positive(),
  targetRatePerS: z.number().min(0).max(LIMITS.maxRatePerS),
});

const retrySchema = z.strictObject({
  on: z
    .array(z.enum(RETRY_OUTCOMES as [string, ...string[]]))
    .min(1)
    .default([...DEFAULT_RETRY_POLICY.on]),
  maxAttempts: int(1, LIMITS.maxAttempts).default(DEFAULT_RETRY_POLICY.maxAttempts),
  backoff: z.enum(['constant', 'exponential']).default(DEFAULT_RETRY_POLICY.backoff),
  baseMs: z.number().min(0).max(LIMITS.maxBackoffMs).default(DEFAULT_RETRY_POLICY.baseMs),
  maxMs: z.number().min(0).max(LIMITS.maxBackoffMs).default(DEFAULT_RETRY_POLICY.maxMs),
  multiplier: z.number().min(1).max(100).default(DEFAULT_RETRY_POLICY.multiplier),
  jitter: z.enum(['none', 'full', 'equal']).default(DEFAULT_RETRY_POLICY.jitter),
  budget: z
    .strictObject({
      ratio: z.number().min(0).max(100),
      minPerS: z.number().min(0).max(1_000_000).default(DEFAULT_RETRY_BUDGET.minPerS),
      windowS: z.number().gt(0).max(3600).default(DEFAULT_RETRY_BUDGET.windowS),
    })
    .nullable()
    .default(DEFAULT_RETRY_POLICY.budget),
});

const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const inputSchema = z.strictObject({
  url: z.string().min(1),
  model: z.enum(['open', 'closed']).default(DEFAULT_LOAD_SPEC.model),
  arrival: z.enum(['constant', 'poisson']).default(DEFAULT_LOAD_SPEC.arrival),
  // its range depends on the model and stages: checked across fields
  ratePerS: z.number().max(LIMITS.maxRatePerS).optional(),
  stages: z.array(stageSchema).default([]),
  startRatePerS: z.number().min(0).max(LIMITS.maxRatePerS).default(DEFAULT_LOAD_SPEC.startRatePerS),
  durationS: positive().optional(),
  workers: int(1, LIMITS.maxWorkers).optional(),
  connections: int(1, LIMITS.maxConnections).default(DEFAULT_LOAD_SPEC.connections),
  pipelining: int(1, LIMITS.maxPipelining).default(DEFAULT_LOAD_SPEC.pipelining),
  timeoutMs: positive().max(LIMITS.maxTimeoutMs).default(DEFAULT_LOAD_SPEC.timeoutMs),
  maxInFlight: int(1, 10_000_000).default(DEFAULT_LOAD_SPEC.maxInFlight),
  keys: int(1, LIMITS.maxKeys).default(DEFAULT_LOAD_SPEC.keys),
  distribution: distributionSchema.default({ ...DEFAULT_LOAD_SPEC.distribution }),
  seed: z.number().int().default(DEFAULT_LOAD_SPEC.seed),
  intervalMs: int(LIMITS.minIntervalMs, LIMITS.maxIntervalMs).default(DEFAULT_LOAD_SPEC.intervalMs),
  cacheHeader: z
    .string()
    .regex(headerName, { error: 'must be an HTTP header name' })
    .default(DEFAULT_LOAD_SPEC.cacheHeader),
  method: z.enum(['GET', 'HEAD']).default(DEFAULT_LOAD_SPEC.method),
  headers: z.record(z.string().regex(headerName, { error: 'must be an HTTP header name' }), z.string()).default({}),
  allowRemote: z.boolean().default(false),
  retry: retrySchema.optional(),
  clockOffsetMs: z.number().min(-86_400_000).max(86_400_000).optional(),
});

type ParsedInput = z.output<typeof inputSchema>;

/**
 * Validates a load spec, fills defaults and returns a frozen LoadSpec.
 * @throws LoadSpecError listing every problem (each naming its field), or RemoteTargetError.
 */
export function validateLoadSpec(input: unknown): LoadSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new LoadSpecError([`load spec must be an object (got ${describeValue(input)})`]);
  }
  const parsed = inputSchema.safeParse(input, { error: issueWords });
  const problems = parsed.success
    ? []
    : formatIssues(parsed.error.issues, input, { rootName: 'load spec' }).map((p) => p.message);
  problems.push(...checkAcrossFields(input as Record<string, unknown>));
  if (problems.length > 0 || !parsed.success) throw new LoadSpecError(problems);

  const spec = complete(parsed.data);
  const host = new URL(spec.url).hostname;
  if (!spec.allowRemote && !isLoopbackHost(host)) throw new RemoteTargetError(host);
  return deepFreeze(spec);
}

/**
 * Rules that involve several fields (or the URL's shape). They read the raw input so that they run
 * even when other fields are invalid: every problem is reported at once.
 */
function checkAcrossFields(raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof raw.url === 'string' && raw.url.length > 0) {
    const urlProblem = checkUrl(raw.url);
    if (urlProblem) problems.push(urlProblem);
  }
  const model = raw.model ?? DEFAULT_LOAD_SPEC.model;
  const stages = Array.isArray(raw.stages) ? (raw.stages as unknown[]) : [];
  const hasStages = stages.length > 0;
  const rate = raw.ratePerS;
  if (model === 'open') {
    if (hasStages) {
      // a validated spec carries the stages' peak as ratePerS: accepting exactly that keeps validation idempotent
      const targets = stages.map((s) => (s as { targetRatePerS?: unknown } | null)?.targetRatePerS);
      const start = raw.startRatePerS ?? DEFAULT_LOAD_SPEC.startRatePerS;
      const peak = targets.every((t) => typeof t === 'number') && typeof start === 'number'
        ? Math.max(start, ...(targets as number[]))
        : undefined;
      if (rate !== undefined && rate !== peak) {
        problems.push('ratePerS and stages are exclusive: give a constant rate or stages, not both');
      }
      const durations = stages.map((s) => (s as { durationS?: unknown } | null)?.durationS);
      if (typeof raw.durationS === 'number' && durations.every((d) => typeof d === 'number')) {
        const sum = (durations as number[]).reduce((a, b) => a + b, 0);
        if (Math.abs(raw.durationS - sum) > 1e-9) {
          problems.push(
            `durationS must equal the sum of stages[].durationS (got ${raw.durationS}, stages sum to ${sum}); omit it`,
          );
        }
      }
    } else {
      if (rate === undefined) problems.push('ratePerS is required for the open model (or give stages)');
      else if (typeof rate === 'number' && !(rate > 0)) problems.push(`ratePerS must be > 0 (got ${rate})`);
      if (raw.durationS === undefined) problems.push('durationS is required (or give stages)');
    }
  } else if (model === 'closed') {
    if (hasStages) problems.push('stages only apply to the open model (model is "closed")');
    // the closed model sends as fast as replies come; a rate is recorded but unused
    if (typeof rate === 'number' && rate < 0) problems.push(`ratePerS must be >= 0 (got ${rate})`);
    if (raw.durationS === undefined) problems.push('durationS is required');
  }
  const connections = raw.connections ?? DEFAULT_LOAD_SPEC.connections;
  if (typeof raw.workers === 'number' && typeof connections === 'number' && raw.workers > connections) {
    problems.push(
      `workers must be <= connections (got workers ${raw.workers}, connections ${connections}): ` +
        'every worker needs at least one connection',
    );
  }
  const retry = raw.retry as { baseMs?: unknown; maxMs?: unknown; on?: unknown } | undefined;
  if (typeof retry === 'object' && retry !== null) {
    const baseMs = retry.baseMs ?? DEFAULT_RETRY_POLICY.baseMs;
    const maxMs = retry.maxMs ?? DEFAULT_RETRY_POLICY.maxMs;
    if (typeof baseMs === 'number' && typeof maxMs === 'number' && maxMs < baseMs) {
      problems.push(`retry.maxMs must be >= retry.baseMs (got maxMs ${maxMs}, baseMs ${baseMs})`);
    }
    if (Array.isArray(retry.on) && new Set(retry.on).size !== retry.on.length) {
      problems.push(`retry.on must not repeat an outcome (got ${retry.on.map((o) => JSON.stringify(o)).join(', ')})`);
    }
  }
  return problems;
}

function checkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `url must be an absolute http(s) URL (got ${JSON.stringify(url)})`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `url must use http or https (got ${JSON.stringify(parsed.protocol.replace(/:$/, ''))})`;
  }
  if (parsed.username || parsed.password) return 'url must not contain credentials';
  if (parsed.hash) return `url must not contain a #fragment (got ${JSON.stringify(url)})`;
  return undefined;
}

function stagesDurationS(stages: readonly RateStage[]): number {
  return stages.reduce((sum, s) => sum + s.durationS, 0);
}

/**
 * The rate of a load, as LoadSpec.ratePerS carries it: the constant rate, or with stages the highest rate the ramps
 * reach (the start rate included); 0 when neither is given (the closed model). Anything that runs "at the load's
 * rate" (the scenario warm-up) takes it from here.
 */
export function loadRatePerS(load: {
  ratePerS?: number | undefined;
  stages?: readonly RateStage[] | undefined;
  startRatePerS?: number | undefined;
}): number {
  if (load.stages !== undefined && load.stages.length > 0) {
    return Math.max(load.startRatePerS ?? DEFAULT_LOAD_SPEC.startRatePerS, ...load.stages.map((s) => s.targetRatePerS));
  }
  return load.ratePerS ?? 0;
}

function complete(data: ParsedInput): LoadSpec {
  const hasStages = data.model === 'open' && data.stages.length > 0;
  const durationS = hasStages ? stagesDurationS(data.stages) : (data.durationS ?? 0);
  const ratePerS = loadRatePerS(hasStages ? data : { ratePerS: data.ratePerS });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(data.headers)) headers[k.toLowerCase()] = v;
  return {
    url: data.url,
    model: data.model,
    arrival: data.arrival,
    ratePerS,
    stages: data.stages.map((s) => ({ durationS: s.durationS, targetRatePerS: s.targetRatePerS })),
    startRatePerS: data.startRatePerS,
    durationS,
    workers: data.workers ?? defaultWorkers(data.model, ratePerS, data.connections),
    connections: data.connections,
    pipelining: data.pipelining,
    timeoutMs: data.timeoutMs,
    maxInFlight: data.maxInFlight,
    keys: data.keys,
    distribution: { ...data.distribution },
    seed: data.seed,
    intervalMs: data.intervalMs,
    cacheHeader: data.cacheHeader.toLowerCase(),
    method: data.method,
    headers,
    allowRemote: data.allowRemote,
    ...(data.retry === undefined ? {} : { retry: completeRetry(data.retry) }),
    ...(data.clockOffsetMs ? { clockOffsetMs: data.clockOffsetMs } : {}),
  };
}

function completeRetry(r: NonNullable<ParsedInput['retry']>): RetryPolicy {
  return {
    on: r.on as RetryPolicy['on'],
    maxAttempts: r.maxAttempts,
    backoff: r.backoff,
    baseMs: r.baseMs,
    maxMs: r.maxMs,
    multiplier: r.multiplier,
    jitter: r.jitter,
    budget: r.budget === null ? null : { ratio: r.budget.ratio, minPerS: r.budget.minPerS, windowS: r.budget.windowS },
  };
}

function defaultWorkers(model: LoadSpec['model'], peakRatePerS: number, connections: number): number {
  const cores = availableParallelism();
  const wanted = model === 'open' ? Math.ceil(peakRatePerS / OPEN_RATE_PER_WORKER) : cores;
  return Math.max(1, Math.min(wanted, cores, connections));
}

/** Connections of worker `worker` out of `workers`: an even split of the total, at least one each. */
export function connectionsForWorker(spec: Pick<LoadSpec, 'connections' | 'workers'>, worker: number): number {
  const base = Math.floor(spec.connections / spec.workers);
  const extra = worker < spec.connections % spec.workers ? 1 : 0;
  return Math.max(1, base + extra);
}

/**
 * What is wrong, in our words, for the issues the schema above states no words for (zod's are generic); the shared
 * formatter adds the field path and the value.
 */
function issueWords(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be an integer' : `must be ${article(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`;
      return `must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      // the distribution's discriminated union reports a bad or missing `kind` this way
      return issue.path?.at(-1) === 'kind' ? 'must be one of "uniform", "zipf", "hotset"' : 'is invalid';
    case 'invalid_key':
      return 'is not a valid HTTP header name';
    default:
      return undefined;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
