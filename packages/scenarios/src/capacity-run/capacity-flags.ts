/**
 * `stampede capacity` flags -> the pure search's options. The flag values are read here (a percentage resolution, a
 * probe duration); their ranges are the search's to check (capacity/capacity-options.ts), and its problems are
 * renamed to the flags the user typed. Pure.
 */
import { CapacityOptionsError } from '../capacity/capacity-options-error.js';
import { resolveCapacityOptions, type CapacitySearchOptions, type CapacityVary } from '../capacity/capacity-options.js';
import { parseDuration } from '@stampede/loadgen';
import type { ScenarioSpec } from '../scenario-spec/types.js';
import { UsageError } from '../usage/usage-error.js';

export interface CapacityFlags {
  vary: string;
  from: number;
  to: number;
  /** rate: relative, `5%` or `0.05`; origin.concurrency: whole slots */
  resolution?: string;
  maxProbes?: number;
  /** each probe's load.durationS, e.g. `30s`; default the scenario's own */
  probeDuration?: string;
}

export interface CapacityRunOptions {
  search: CapacitySearchOptions;
  /** the probes' load.durationS; undefined: the scenario's own */
  probeDurationS: number | undefined;
}

/** Seconds a probe spends outside its measured load: processes up, warm-up, tear-down. An estimate, for the plan. */
export const SETUP_SECONDS = 3;

const FLAG_OF: ReadonlyArray<[RegExp, string]> = [
  [/^vary /, '--vary '],
  [/^from /, '--from '],
  [/^to /, '--to '],
  [/^resolution /, '--resolution '],
  [/^maxProbes /, '--max-probes '],
  [/^probeSeconds /, '--probe-duration '],
];

/** @throws UsageError listing every problem, each naming its flag. */
export function capacityOptions(flags: CapacityFlags, spec: ScenarioSpec): CapacityRunOptions {
  const problems: string[] = [];
  let probeDurationS: number | undefined;
  if (flags.probeDuration !== undefined) {
    const d = parseDuration(flags.probeDuration);
    if (!d.ok || d.seconds <= 0) problems.push(`--probe-duration must be a duration > 0 such as 30s or 2m (got ${JSON.stringify(flags.probeDuration)})`);
    else probeDurationS = d.seconds;
  }
  let resolution: number | undefined;
  if (flags.resolution !== undefined) {
    const text = String(flags.resolution).trim();
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(text);
    resolution = pct ? Number(pct[1]) / 100 : /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(resolution)) {
      problems.push(`--resolution must be a number: a percentage such as 5% (or 0.05) for rate, whole slots for origin.concurrency (got ${JSON.stringify(flags.resolution)})`);
    }
  }
  const search: CapacitySearchOptions = {
    vary: flags.vary as CapacityVary,
    from: flags.from,
    to: flags.to,
    ...(resolution !== undefined && !Number.isNaN(resolution) ? { resolution } : {}),
    ...(flags.maxProbes !== undefined ? { maxProbes: flags.maxProbes } : {}),
    probeSeconds: probeDurationS ?? spec.load.durationS,
    overheadSeconds: overheadSeconds(spec),
  };
  try {
    resolveCapacityOptions(search);
  } catch (err) {
    if (!(err instanceof CapacityOptionsError)) throw err;
    for (const p of err.problems) problems.push(FLAG_OF.reduce((text, [re, flag]) => text.replace(re, flag), p));
  }
  if (problems.length > 0) throw new UsageError([...new Set(problems)]);
  return { search, probeDurationS };
}

/** Set-up, warm-up (prefetch at its rate, then the warm-up load) and tear-down of one probe. */
export function overheadSeconds(spec: ScenarioSpec): number {
  const w = spec.warmup;
  const prefetch = w.prefetchTopN ? Math.min(w.prefetchTopN, spec.load.keys) / (w.prefetchRatePerS ?? 500) : 0;
  return Math.round(SETUP_SECONDS + prefetch + w.durationS);
}
