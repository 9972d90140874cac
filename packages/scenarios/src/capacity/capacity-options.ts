/**
 * What a capacity search varies and over which range, validated. Two axes, with opposite directions:
 * `rate` (higher is harder: find the highest request rate that still passes) and `origin.concurrency` (lower is
 * harder: find the lowest origin capacity that survives). Rates are searched on a log scale with a relative
 * resolution; concurrency on whole numbers with an absolute one. Pure.
 */
import { CapacityOptionsError } from './capacity-options-error.js';

export type CapacityVary = 'rate' | 'origin.concurrency';

export const CAPACITY_VARY: readonly CapacityVary[] = Object.freeze(['rate', 'origin.concurrency'] as const);

export interface CapacitySearchOptions {
  vary: CapacityVary;
  /** the range searched, in either order: req/s for rate, origin slots for origin.concurrency */
  from: number;
  to: number;
  /**
   * When to stop: rate, relative (0.05: the passing and failing values are within 5% of each other);
   * origin.concurrency, a whole number of slots. Default 0.05 and 1.
   */
  resolution?: number;
  /** a cap on probes (the search stops early, bracketed but not within the resolution); default: as many as needed */
  maxProbes?: number;
  /** after converging, one probe in the widest unprobed gap on each side of the boundary (default true) */
  verify?: boolean;
  /** length of one probe run, for the time estimate */
  probeSeconds: number;
  /** per-probe set-up and tear-down (start origin and cache, warm up), for the time estimate; default 0 */
  overheadSeconds?: number;
}

export interface ResolvedCapacityOptions {
  vary: CapacityVary;
  /** which end is harder: higher rates, lower concurrency */
  harder: 'higher' | 'lower';
  /** the range, ordered */
  lo: number;
  hi: number;
  /** the value expected to pass (tried first) and the one expected to fail */
  easy: number;
  hard: number;
  resolution: number;
  maxProbes: number | undefined;
  verify: boolean;
  probeSeconds: number;
  overheadSeconds: number;
}

export const DEFAULT_RATE_RESOLUTION = 0.05;
export const DEFAULT_CONCURRENCY_RESOLUTION = 1;

/** @throws CapacityOptionsError listing every problem. */
export function resolveCapacityOptions(o: CapacitySearchOptions): ResolvedCapacityOptions {
  const problems: string[] = [];
  const isRate = o.vary === 'rate';
  if (!(CAPACITY_VARY as readonly string[]).includes(o.vary)) {
    problems.push(`vary must be one of ${CAPACITY_VARY.join(', ')} (got ${JSON.stringify(o.vary)})`);
  }
  for (const key of ['from', 'to'] as const) {
    const v = o[key];
    if (!Number.isFinite(v) || v <= 0) problems.push(`${key} must be a number > 0 (got ${v})`);
    else if (!isRate && !Number.isInteger(v)) problems.push(`${key} must be a whole number of origin slots (got ${v})`);
  }
  const resolution = o.resolution ?? (isRate ? DEFAULT_RATE_RESOLUTION : DEFAULT_CONCURRENCY_RESOLUTION);
  if (isRate && !(resolution > 0 && resolution < 1)) {
    problems.push(`resolution for rate is relative and must be > 0 and < 1, e.g. 0.05 for 5% (got ${resolution})`);
  } else if (!isRate && !(Number.isInteger(resolution) && resolution >= 1)) {
    problems.push(`resolution for origin.concurrency must be a whole number of slots >= 1 (got ${resolution})`);
  }
  if (o.maxProbes !== undefined && !(Number.isInteger(o.maxProbes) && o.maxProbes >= 1)) {
    problems.push(`maxProbes must be a whole number >= 1 (got ${o.maxProbes})`);
  }
  if (!(Number.isFinite(o.probeSeconds) && o.probeSeconds > 0)) problems.push(`probeSeconds must be > 0 (got ${o.probeSeconds})`);
  const overheadSeconds = o.overheadSeconds ?? 0;
  if (!(Number.isFinite(overheadSeconds) && overheadSeconds >= 0)) {
    problems.push(`overheadSeconds must be >= 0 (got ${overheadSeconds})`);
  }
  if (problems.length > 0) throw new CapacityOptionsError(problems);
  const lo = Math.min(o.from, o.to);
  const hi = Math.max(o.from, o.to);
  const harder = isRate ? 'higher' : 'lower';
  return {
    vary: o.vary,
    harder,
    lo,
    hi,
    easy: harder === 'higher' ? lo : hi,
    hard: harder === 'higher' ? hi : lo,
    resolution,
    maxProbes: o.maxProbes,
    verify: o.verify ?? true,
    probeSeconds: o.probeSeconds,
    overheadSeconds,
  };
}
