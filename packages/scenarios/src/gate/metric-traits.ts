/**
 * How the gate reads a metric: which way is worse, its unit (for tolerances and for display), and what a null
 * means. Derived from the metric's name and type in thresholds/metrics.ts, so a metric added there is covered here
 * without a second list. Pure.
 */
import { METRICS, type MetricPath } from '../thresholds/metrics.js';

/** Which change is bad. Booleans read true as 1: `generator.saturated` true is worse, `recovery.recovered` false is. */
export type Direction = 'higher-is-worse' | 'lower-is-worse';

/** ratio: 0..1 (rate503, hit ratios); times: a multiple (amplification); perSec: a rate; count: a number of things. */
export type MetricUnit = 'ratio' | 'count' | 'seconds' | 'ms' | 'times' | 'perSec' | 'boolean';

/**
 * worst: null means "never", worse than any number (recovery.seconds of a run that did not recover);
 * absent: null means the run has no value to compare (amplification without a fault).
 */
export type NullMeaning = 'worst' | 'absent';

export interface MetricTraits {
  direction: Direction;
  unit: MetricUnit;
  nullMeans: NullMeaning;
}

/** Fewer of these is the bad outcome; every other metric is worse when it grows. */
const LOWER_IS_WORSE = /^(?:hitRatio\.|baseline\.hitRatio$|recovery\.recovered$|requests$|responses$|status\.2xx$)/;
const RATIO = /^(?:rate503|hitRatio\..+|baseline\.(?:errorRate|hitRatio))$/;

export function metricTraits(path: MetricPath): MetricTraits {
  const info = METRICS[path];
  return {
    direction: LOWER_IS_WORSE.test(path) ? 'lower-is-worse' : 'higher-is-worse',
    unit: unitOf(path),
    nullMeans: info.nullable && path.endsWith('.seconds') ? 'worst' : 'absent',
  };
}

function unitOf(path: MetricPath): MetricUnit {
  if (METRICS[path].type === 'boolean') return 'boolean';
  if (path.endsWith('.seconds')) return 'seconds';
  if (path.startsWith('latencyMs.') || path.endsWith('Ms')) return 'ms';
  if (RATIO.test(path)) return 'ratio';
  if (path === 'amplification' || path === 'retry.amplification') return 'times';
  if (/Per(?:Sec|S)$/.test(path)) return 'perSec';
  return 'count';
}
