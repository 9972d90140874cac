/**
 * `load`: the open-model traffic. Field names follow the generator's LoadSpec (packages/loadgen/src/spec.ts); the
 * URL, cache header and connection details are the orchestrator's. Relations between fields (ratePerS vs stages,
 * model) are in cross-checks.ts.
 */
import { z } from 'zod';
import { DEFAULT_RETRY_BUDGET, DEFAULT_RETRY_POLICY, type KeyDistribution, type RetryPolicy } from '@stampede/loadgen';
import { anyInt, int, num, oneOf, seconds, withShorthand } from './fields.js';
import { LIMITS } from './limits.js';

const DISTRIBUTION_HINT =
  'must be uniform, zipf:<s> (e.g. zipf:1.1), hotset:<hotFraction>:<hotTrafficFraction> (e.g. hotset:0.1:0.9) ' +
  'or an object such as { kind: zipf, s: 1.1 }';

const distributionObject: z.ZodType<KeyDistribution, KeyDistribution> = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('uniform') }),
    z.strictObject({ kind: z.literal('zipf'), s: num({ min: 0, max: LIMITS.maxZipfS }) }),
    z.strictObject({
      kind: z.literal('hotset'),
      hotFraction: num({ gt: 0, max: 1 }),
      hotTrafficFraction: num({ min: 0, max: 1 }),
    }),
  ],
  { error: DISTRIBUTION_HINT },
);

/** `zipf:1.1`, `zipf` (s = 1.1), `uniform`, `hotset:0.1:0.9`; the numbers are range-checked by the object schema. */
export function parseDistribution(
  text: string,
): { ok: true; value: KeyDistribution } | { ok: false; problem: string } {
  const [kind, ...args] = text.trim().toLowerCase().split(':');
  const nums = args.map(Number);
  if (nums.some((n, i) => args[i] === '' || !Number.isFinite(n))) return { ok: false, problem: DISTRIBUTION_HINT };
  if (kind === 'uniform' && nums.length === 0) return { ok: true, value: { kind: 'uniform' } };
  if (kind === 'zipf' && nums.length <= 1) return { ok: true, value: { kind: 'zipf', s: nums[0] ?? 1.1 } };
  if (kind === 'hotset' && nums.length === 2) {
    const [hotFraction, hotTrafficFraction] = nums as [number, number];
    return { ok: true, value: { kind: 'hotset', hotFraction, hotTrafficFraction } };
  }
  return { ok: false, problem: DISTRIBUTION_HINT };
}

const rate = num({ gt: 0, max: LIMITS.maxRatePerS });

const stageSchema = z.strictObject(
  {
    durationS: seconds({ gt: 0, max: LIMITS.maxDurationS }),
    targetRatePerS: num({ min: 0, max: LIMITS.maxRatePerS }),
  },
  { error: 'must be an object such as { durationS: 10s, targetRatePerS: 400 }' },
);

const RETRY_HINT =
  'must be an object such as { maxAttempts: 3, backoff: exponential, baseMs: 100, jitter: full, budget: 0.1 }';
const BUDGET_HINT = 'must be a fraction of requests such as 0.1, an object such as { ratio: 0.1, minPerS: 10 }, or null';

const budgetObject = z.strictObject(
  {
    ratio: num({ min: 0, max: 100 }),
    minPerS: num({ min: 0, max: LIMITS.maxRatePerS }).optional(),
    windowS: seconds({ gt: 0, max: 3600 }).optional(),
  },
  { error: BUDGET_HINT },
);

const budgetSchema = z
  .unknown()
  .transform((v, ctx) => {
    if (typeof v !== 'number') return v;
    if (!(v >= 0 && v <= 100)) {
      ctx.addIssue({ code: 'custom', message: `${BUDGET_HINT} (a number >= 0 and <= 100)`, input: v });
      return z.NEVER;
    }
    return { ratio: v };
  })
  .pipe(z.union([z.null(), budgetObject], { error: BUDGET_HINT }));

const MAX_BACKOFF_MS = 3_600_000;

/**
 * Client retries (loadgen's RetryPolicy): left out, the clients never retry. Every field defaults as in loadgen's
 * DEFAULT_RETRY_POLICY; `budget: 0.1` is short for `{ ratio: 0.1 }`. The validated record has every field.
 */
export const retrySchema = z
  .strictObject(
    {
      on: z
        .array(oneOf(['503', '5xx', 'timeout', 'connError']), { error: 'must be a list such as [503, timeout, connError]' })
        .min(1, { error: 'must list at least one outcome (or leave retry out)' })
        .optional(),
      maxAttempts: int(1, 100).optional(),
      backoff: oneOf(['constant', 'exponential']).optional(),
      baseMs: num({ min: 0, max: MAX_BACKOFF_MS }).optional(),
      maxMs: num({ min: 0, max: MAX_BACKOFF_MS }).optional(),
      multiplier: num({ min: 1, max: 100 }).optional(),
      jitter: oneOf(['none', 'full', 'equal']).optional(),
      budget: budgetSchema.optional(),
    },
    { error: RETRY_HINT },
  )
  .transform((r, ctx): RetryPolicy => {
    const d = DEFAULT_RETRY_POLICY;
    const policy: RetryPolicy = {
      on: r.on ?? [...d.on],
      maxAttempts: r.maxAttempts ?? d.maxAttempts,
      backoff: r.backoff ?? d.backoff,
      baseMs: r.baseMs ?? d.baseMs,
      maxMs: r.maxMs ?? d.maxMs,
      multiplier: r.multiplier ?? d.multiplier,
      jitter: r.jitter ?? d.jitter,
      budget:
        r.budget == null
          ? null
          : {
              ratio: r.budget.ratio,
              minPerS: r.budget.minPerS ?? DEFAULT_RETRY_BUDGET.minPerS,
              windowS: r.budget.windowS ?? DEFAULT_RETRY_BUDGET.windowS,
            },
    };
    if (policy.maxMs < policy.baseMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxMs'],
        message: `must be >= load.retry.baseMs (${policy.baseMs}): the cap on the backoff delay`,
        input: policy.maxMs,
      });
    }
    if (new Set(policy.on).size !== policy.on.length) {
      ctx.addIssue({ code: 'custom', path: ['on'], message: 'must not list an outcome twice', input: policy.on });
    }
    return policy;
  });

export const loadSchema = z.strictObject(
  {
    model: oneOf(['open', 'closed']).default('open'),
    arrival: oneOf(['constant', 'poisson']).default('poisson'),
    ratePerS: rate.optional(),
    stages: z
      .array(stageSchema, { error: 'must be a list of { durationS, targetRatePerS }' })
      .min(1, { error: 'must have at least one stage (or use ratePerS)' })
      .optional(),
    startRatePerS: num({ min: 0, max: LIMITS.maxRatePerS }).optional(),
    durationS: seconds({ gt: 0, max: LIMITS.maxDurationS }).optional(),
    keys: int(1, LIMITS.maxKeys).default(1000),
    distribution: withShorthand(distributionObject, parseDistribution).default({ kind: 'zipf', s: 1.1 }),
    seed: anyInt.default(1),
    workers: int(1, LIMITS.maxWorkers).optional(),
    connections: int(1, LIMITS.maxConnections).optional(),
    timeoutMs: int(1, LIMITS.maxTimeoutMs).optional(),
    intervalMs: int(LIMITS.minIntervalMs, LIMITS.maxIntervalMs).optional(),
    retry: retrySchema.optional(),
  },
  { error: 'must be an object such as { ratePerS: 400, durationS: 45s }' },
);
