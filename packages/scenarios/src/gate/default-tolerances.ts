/**
 * What the gate checks when no --tolerance is given. Load-invariant outcomes only: 503s, origin arrivals and
 * amplification, whether and how fast the system recovered. Absolute latencies depend on the machine (a shared CI
 * runner is not the laptop that made the baseline), so they are shown for information and gated only on request.
 *
 * Tolerances are wide on purpose: the same scenario on a shared machine varies by 10-20% run to run. With repeat
 * statistics the band also widens to NOISE_K × MAD when that is larger.
 */
import type { MetricPath } from '../thresholds/metrics.js';
import type { MetricUnit } from './metric-traits.js';
import type { Tolerance } from './tolerance-band.js';

/** The relative part of every default tolerance. */
export const DEFAULT_RELATIVE = 0.25;

/**
 * Absolute floors per unit: a move smaller than this is noise whatever the baseline. Also the floor kept when a
 * --tolerance gives only a percentage.
 */
export const UNIT_FLOORS: Readonly<Record<MetricUnit, number>> = Object.freeze({
  ratio: 0.001, // 0.1 percentage points: DESIGN.md's error-rate floor
  count: 10,
  seconds: 3, // three 1 s buckets
  ms: 5,
  times: 1,
  perSec: 5,
  boolean: 0,
});

/** Gated by default, in table order. Booleans are compared exactly (their tolerance is unused). */
export const DEFAULT_GATED: readonly MetricPath[] = Object.freeze([
  'rate503',
  'status.503',
  'origin.arrivals',
  'amplification',
  'recovery.recovered',
  'recovery.seconds',
  'rewarm.seconds',
] satisfies MetricPath[]);

/** Shown for information after the gated rows; any of them (or any metric) can be gated with --tolerance. */
export const INFO_METRICS: readonly MetricPath[] = Object.freeze([
  'peak503PerSec',
  'hitRatio.baseline',
  'hitRatio.min',
  'latencyMs.baseline.p99',
  'latencyMs.incident.p99',
  'latencyMs.after.p99',
] satisfies MetricPath[]);

/**
 * Repeat statistics: a move within NOISE_K × MAD (the larger of the two reports' median absolute deviations) is
 * noise. 3 × MAD is about 2 standard deviations of a normal spread.
 */
export const NOISE_K = 3;

/** The tolerance a metric gets by default: DEFAULT_RELATIVE with its unit's floor. */
export function defaultTolerance(unit: MetricUnit): Tolerance {
  return { relative: unit === 'boolean' ? 0 : DEFAULT_RELATIVE, absolute: UNIT_FLOORS[unit] };
}
