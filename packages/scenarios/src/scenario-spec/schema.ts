/**
 * The ScenarioSpec schema: shapes, types and ranges of every field, with defaults. Rules that relate fields to each
 * other (timeline vs baseline and duration, cache kind vs kind-specific fields, capabilities) live in
 * cross-checks.ts so they are checked even when unrelated fields are wrong.
 */
import { z } from 'zod';
import { DEFAULT_RECOVERY_TOLERANCES } from '../analysis/recovery.js';
import { parseThreshold } from '../thresholds/parse.js';
import { stepSchema } from './actions.js';
import { cacheSchema } from './cache-schema.js';
import { bool, int, num, seconds } from './fields.js';
import { LIMITS } from './limits.js';
import { loadSchema } from './load-schema.js';
import { originSchema } from './origin-schema.js';
import type { ScenarioSpec, ScenarioWarmup, TimelineStep } from './types.js';

export const SCENARIO_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const DEFAULTS = Object.freeze({
  baselineS: 10,
  warmup: Object.freeze({ durationS: 5 }),
  prefetchRatePerS: 100,
  restartWarm: Object.freeze({ topN: 100, ratePerS: 100 }),
  observe: Object.freeze({ maxS: 30, stopWhenRecovered: true, extraS: 5 }),
});

const warmupObject = z.strictObject(
  {
    durationS: seconds({ min: 0, max: LIMITS.maxDurationS }).optional(),
    ratePerS: num({ gt: 0, max: LIMITS.maxRatePerS }).optional(),
    prefetchTopN: int(1, LIMITS.maxKeys).optional(),
    prefetchRatePerS: num({ gt: 0, max: LIMITS.maxRatePerS }).optional(),
  },
  { error: 'must be false or an object such as { durationS: 5s } or { prefetchTopN: 200 }' },
);

type WarmupInput = z.input<typeof warmupObject> | false;

const warmupSchema = z
  .unknown()
  .transform((v) => (v === false ? { durationS: 0 } : v))
  .pipe(warmupObject)
  .transform((w): ScenarioWarmup => {
    const out: ScenarioWarmup = { durationS: w.durationS ?? 0 };
    if (w.ratePerS !== undefined) out.ratePerS = w.ratePerS;
    if (w.prefetchTopN !== undefined) {
      out.prefetchTopN = w.prefetchTopN;
      out.prefetchRatePerS = w.prefetchRatePerS ?? DEFAULTS.prefetchRatePerS;
    }
    return out;
  }) as unknown as z.ZodType<ScenarioWarmup, WarmupInput>;

const observeSchema = z.strictObject(
  {
    maxS: seconds({ gt: 0, max: LIMITS.maxDurationS }).default(DEFAULTS.observe.maxS),
    stopWhenRecovered: bool.default(DEFAULTS.observe.stopWhenRecovered),
    extraS: seconds({ min: 0, max: LIMITS.maxDurationS }).default(DEFAULTS.observe.extraS),
  },
  { error: 'must be an object such as { maxS: 30s, stopWhenRecovered: true, extraS: 5s }' },
);

const d = DEFAULT_RECOVERY_TOLERANCES;
const recoverySchema = z.strictObject(
  {
    windowS: seconds({ gt: 0, max: 600 }).default(d.windowS),
    errorRateFactor: num({ min: 1, max: 1000 }).default(d.errorRateFactor),
    errorRateFloor: num({ min: 0, max: 1 }).default(d.errorRateFloor),
    p99Factor: num({ min: 1, max: 1000 }).default(d.p99Factor),
    p99SlackMs: num({ min: 0, max: LIMITS.maxTimeoutMs }).default(d.p99SlackMs),
    baselineMaxErrorRate: num({ min: 0, max: 1 }).default(d.baselineMaxErrorRate),
  },
  { error: 'must be an object such as { windowS: 5, errorRateFactor: 2 }' },
);

const expectSchema = z.strictObject(
  {
    recovers: z
      .union([z.boolean(), z.literal('any')], { error: 'must be true, false (a failure that persists) or "any"' })
      .default(true),
  },
  { error: 'must be an object such as { recovers: true }' },
);

const THRESHOLD_HINT = 'must be a threshold such as "rate503 < 0.01"';
const thresholdSchema = z.string({ error: THRESHOLD_HINT }).superRefine((text, ctx) => {
  const r = parseThreshold(text);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.problem, input: text });
});

const doc = (what: string) => z.string({ error: `must be a string (${what})` });

export const scenarioSchema = z
  .strictObject(
    {
      name: z
        .string({ error: 'must be a string such as my-purge' })
        .regex(SCENARIO_NAME, { error: 'must be a name such as my-purge: a-z, 0-9, ".", "_" and "-", at most 64' }),
      title: doc('one line').optional(),
      incident: doc('one paragraph: the postmortem it reproduces').default(''),
      description: doc('what the run shows').default(''),
      load: loadSchema,
      origin: originSchema.prefault({}),
      cache: cacheSchema.prefault({}),
      warmup: warmupSchema.optional(),
      baselineS: seconds({ gt: 0, max: LIMITS.maxBaselineS }).default(DEFAULTS.baselineS),
      timeline: z
        .array(stepSchema, { error: 'must be a list of steps such as [{ at: 15s, action: purge-all }]' })
        .max(1000, { error: 'must have at most 1000 steps' })
        .default([]),
      observe: observeSchema.prefault({}),
      recovery: recoverySchema.prefault({}),
      expect: expectSchema.prefault({}),
      thresholds: z
        .array(thresholdSchema, { error: 'must be a list such as ["rate503 < 0.01", "recovery.seconds < 15"]' })
        .max(LIMITS.maxThresholds, { error: `must have at most ${LIMITS.maxThresholds} entries` })
        .default([]),
    },
    { error: 'must be an object with at least name and load' },
  )
  .transform((s): ScenarioSpec => {
    const { ratePerS, stages, durationS, ...load } = s.load;
    const hasStages = stages !== undefined && stages.length > 0;
    return {
      name: s.name,
      title: s.title ?? s.name,
      incident: s.incident,
      description: s.description,
      load: {
        ...load,
        ...(ratePerS === undefined ? {} : { ratePerS }),
        ...(hasStages ? { stages } : {}),
        // With stages the load lasts their total (cross-checks.ts refuses a durationS that disagrees).
        durationS: hasStages ? stages.reduce((sum, st) => sum + st.durationS, 0) : (durationS ?? 0),
      },
      origin: s.origin,
      cache: s.cache,
      warmup: s.warmup ?? { ...DEFAULTS.warmup },
      baselineS: s.baselineS,
      timeline: sortSteps(s.timeline.map(completeStep)),
      observe: s.observe,
      recovery: s.recovery,
      expect: s.expect,
      thresholds: s.thresholds,
    };
  });

/** Fill the per-action defaults that depend on other params (warm restart plan). */
function completeStep(step: TimelineStep): TimelineStep {
  if (step.action === 'restart-cache' && step.mode === 'warm' && step.warm === undefined) {
    return { ...step, warm: { ...DEFAULTS.restartWarm } };
  }
  return step;
}

/** By time; steps at the same time keep their order in the file. */
function sortSteps(steps: TimelineStep[]): TimelineStep[] {
  return steps.map((s, i) => [s, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([s]) => s);
}

/** What a spec file or a TypeScript caller may write: durations as strings, shorthands, defaults left out. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
