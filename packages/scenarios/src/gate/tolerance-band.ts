/**
 * A tolerance: how far a metric may move in its worse direction before the gate calls it a regression.
 * The allowed move is max(relative × |baseline|, absolute): the relative part scales with the run, the absolute
 * floor keeps small baselines from turning noise into "infinitely worse" (0 → 3 503s is not a regression). Pure.
 */
import { formatMagnitude } from './format-metric.js';
import type { MetricUnit } from './metric-traits.js';

export interface Tolerance {
  /** a fraction of the baseline value: 0.25 = 25% */
  relative: number;
  /** in the metric's own unit (seconds, a ratio 0..1, a count, ...) */
  absolute: number;
}

/** How much worse than `baseline` the current value may be under `tolerance`. */
export function toleranceBand(tolerance: Tolerance, baseline: number): number {
  return Math.max(tolerance.relative * Math.abs(baseline), tolerance.absolute);
}

/** `25%, at least 0.1pp`, `25%`, `3 s`, `exact`. */
export function formatTolerance(tolerance: Tolerance, unit: MetricUnit): string {
  if (unit === 'boolean') return 'exact';
  const pct = tolerance.relative > 0 ? `${Number((tolerance.relative * 100).toPrecision(6))}%` : '';
  const floor = tolerance.absolute > 0 ? formatMagnitude(tolerance.absolute, unit) : '';
  if (pct !== '' && floor !== '') return `${pct}, at least ${floor}`;
  return pct !== '' ? pct : floor !== '' ? floor : 'exact';
}
