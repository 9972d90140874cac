/**
 * Distances and midpoints on the scale a capacity search bisects: logarithmic for rates (a relative resolution
 * halves the log-ratio each probe), whole numbers for origin concurrency. Pure.
 */
import type { ResolvedCapacityOptions } from './capacity-options.js';

export interface SearchScale {
  /** a and b are close enough to stop (within the resolution) */
  within(a: number, b: number): boolean;
  /** a value strictly between a and b, or undefined when there is none (adjacent whole numbers) */
  midpoint(a: number, b: number): number | undefined;
  /** distance on the scale, to pick the widest gap */
  distance(a: number, b: number): number;
}

/** Relative slack so 100 -> 105 counts as within 5% despite float rounding. */
const SLACK = 1e-9;

export function searchScale(o: Pick<ResolvedCapacityOptions, 'vary' | 'resolution'>): SearchScale {
  if (o.vary === 'rate') {
    const limit = Math.log1p(o.resolution) * (1 + SLACK);
    return {
      within: (a, b) => Math.abs(Math.log(b / a)) <= limit,
      midpoint: (a, b) => Math.sqrt(a * b),
      distance: (a, b) => Math.abs(Math.log(b / a)),
    };
  }
  return {
    within: (a, b) => Math.abs(b - a) <= o.resolution,
    midpoint: (a, b) => {
      const mid = Math.floor((a + b) / 2);
      return mid > Math.min(a, b) && mid < Math.max(a, b) ? mid : undefined;
    },
    distance: (a, b) => Math.abs(b - a),
  };
}
