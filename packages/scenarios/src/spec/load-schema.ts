/**
 * `load`: the open-model traffic. Field names follow the generator's LoadSpec (packages/loadgen/src/spec.ts); the
 * URL, cache header and connection details are the orchestrator's. Relations between fields (ratePerS vs stages,
 * model) are in cross-checks.ts.
 */
import { z } from 'zod';
import type { KeyDistribution } from '@stampede/loadgen';
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
  },
  { error: 'must be an object such as { ratePerS: 400, durationS: 45s }' },
);
