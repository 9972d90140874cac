/**
 * The budget of a capacity search, known before the first probe so the total time can be shown up front:
 * both ends, the bisection steps to reach the resolution in the worst case, and the monotonicity checks. Pure.
 */
import { resolveCapacityOptions, type CapacitySearchOptions, type ResolvedCapacityOptions } from './capacity-options.js';

export interface CapacityPlan {
  /** probes the search may run: every probe it can need, or the maxProbes cap when lower */
  maxProbes: number;
  /** probes needed in the worst case to reach the resolution and check it */
  neededProbes: number;
  /** maxProbes < neededProbes: the search may stop before reaching the resolution */
  capped: boolean;
  /** maxProbes × (probeSeconds + overheadSeconds) */
  estimatedSeconds: number;
}

/** @throws CapacityOptionsError when the options cannot work. */
export function planCapacitySearch(options: CapacitySearchOptions): CapacityPlan {
  return planResolved(resolveCapacityOptions(options));
}

export function planResolved(o: ResolvedCapacityOptions): CapacityPlan {
  const ends = o.lo === o.hi ? 1 : 2;
  const steps = bisectionSteps(o);
  // no bisection: the ends are within the resolution already, so no gap is left to check
  const checks = steps === 0 || !o.verify ? 0 : 2;
  const neededProbes = ends + steps + checks;
  const maxProbes = Math.min(neededProbes, o.maxProbes ?? neededProbes);
  return {
    maxProbes,
    neededProbes,
    capped: maxProbes < neededProbes,
    estimatedSeconds: maxProbes * (o.probeSeconds + o.overheadSeconds),
  };
}

/** Worst-case bisection probes between the two ends. */
function bisectionSteps(o: ResolvedCapacityOptions): number {
  if (o.vary === 'rate') {
    // each step halves the log-ratio of the bracket; stop once it is within log(1 + resolution)
    const halvings = Math.log2(Math.log(o.hi / o.lo) / Math.log1p(o.resolution));
    return halvings <= 0 ? 0 : Math.ceil(halvings - 1e-9);
  }
  // whole numbers: the larger half of a gap g is ceil(g / 2)
  let gap = o.hi - o.lo;
  let steps = 0;
  while (gap > o.resolution) {
    gap = Math.ceil(gap / 2);
    steps += 1;
  }
  return steps;
}
