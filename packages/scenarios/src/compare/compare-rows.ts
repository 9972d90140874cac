/**
 * The side-by-side table of a comparison: one row per outcome, A's value, B's value and the change from A to B,
 * judged by which way is worse for that metric (gate/metric-traits.ts). It compares; it does not gate: there are no
 * tolerances, any difference shows. Pure.
 */
import { formatMetricDelta, formatMetricValue } from '../gate/format-metric.js';
import { metricTraits, type Direction, type MetricUnit, type NullMeaning } from '../gate/metric-traits.js';
import { formatNumber } from '../report/format.js';
import type { Report } from '../record/report.js';
import { metricValue, type MetricPath } from '../thresholds/metrics.js';
import { originArrivalsAfterFault } from './origin-after-fault.js';

/** A derived row: not a summary metric, computed from the series. */
export const ORIGIN_AFTER_FAULT = 'origin.arrivalsAfterFault' as const;

/** The rows, in table order: 503s, recovery, origin load, cache, latency, then the load itself. */
export const COMPARED_METRICS: readonly (MetricPath | typeof ORIGIN_AFTER_FAULT)[] = Object.freeze([
  'rate503',
  'status.503',
  'peak503PerSec',
  'recovery.recovered',
  'recovery.seconds',
  'rewarm.seconds',
  'amplification',
  'origin.arrivals',
  ORIGIN_AFTER_FAULT,
  'origin.rejected503',
  'origin.peakInflight',
  'origin.peakQueue',
  'hitRatio.baseline',
  'hitRatio.min',
  'latencyMs.baseline.p99',
  'latencyMs.incident.p99',
  'latencyMs.incident.max',
  'latencyMs.all.p99',
  'responses',
  'dropped',
  'generator.saturated',
] as const);

export type RowOutcome = 'better' | 'worse' | 'same' | 'n/a';

/**
 * A change smaller than this fraction of A reads as `same` (the change column still shows it): a recovery of
 * 2.998 s against 2.999 s is the bucket grid, not a difference between the configs.
 */
export const SAME_WITHIN = 0.01;

export interface CompareRow {
  /** a summary metric path (thresholds/metrics.ts), or origin.arrivalsAfterFault */
  metric: string;
  unit: MetricUnit;
  direction: Direction;
  a: number | boolean | null;
  b: number | boolean | null;
  /** B − A; null when either has no value or the metric is true/false */
  delta: number | null;
  /** delta / |A|; null when A is 0 or has no value */
  relative: number | null;
  /** B judged against A; `same` also for a change under SAME_WITHIN of A */
  outcome: RowOutcome;
  /** what the tables show */
  text: { a: string; b: string; change: string };
}

export function compareRows(a: Report, b: Report): CompareRow[] {
  return COMPARED_METRICS.map((metric) => {
    if (metric === ORIGIN_AFTER_FAULT) {
      return row(metric, { direction: 'higher-is-worse', unit: 'count', nullMeans: 'absent' }, originArrivalsAfterFault(a), originArrivalsAfterFault(b));
    }
    return row(metric, metricTraits(metric), metricValue(a.summary, metric), metricValue(b.summary, metric));
  });
}

function row(
  metric: string,
  traits: { direction: Direction; unit: MetricUnit; nullMeans: NullMeaning },
  a: number | boolean | null,
  b: number | boolean | null,
): CompareRow {
  const { direction, unit, nullMeans } = traits;
  const show = (v: number | boolean | null) => (v === null ? (nullMeans === 'worst' ? 'never' : 'n/a') : formatMetricValue(v, unit));
  const base = { metric, unit, direction, a, b };
  const worseIfHigher = direction === 'higher-is-worse';
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const same = a === b;
    const outcome: RowOutcome =
      a === null || b === null ? 'n/a' : same ? 'same' : (Number(b) > Number(a)) === worseIfHigher ? 'worse' : 'better';
    const change = a === null || b === null ? 'n/a' : same ? 'unchanged' : `${String(a)} → ${String(b)}`;
    return { ...base, delta: null, relative: null, outcome, text: { a: show(a), b: show(b), change } };
  }
  if (a === null || b === null) {
    // a null that means "never" is the worst value: one side never recovering is a change, not a gap
    let outcome: RowOutcome = 'n/a';
    let change = 'n/a';
    if (nullMeans === 'worst' && a !== b) {
      outcome = a === null ? 'better' : 'worse';
      change = a === null ? 'was never' : 'now never';
    } else if (a === null && b === null) {
      outcome = 'same';
    }
    return { ...base, delta: null, relative: null, outcome, text: { a: show(a), b: show(b), change } };
  }
  const delta = b - a;
  const relative = a === 0 ? null : delta / Math.abs(a);
  const negligible = delta === 0 || (relative !== null && Math.abs(relative) < SAME_WITHIN);
  const outcome: RowOutcome = negligible ? 'same' : (delta > 0) === worseIfHigher ? 'worse' : 'better';
  const change =
    delta === 0 ? '0' : relative === null ? `${formatMetricDelta(delta, unit)} (from 0)` : `${formatMetricDelta(delta, unit)} (${signedPercent(relative)})`;
  return { ...base, delta, relative, outcome, text: { a: show(a), b: show(b), change } };
}

function signedPercent(ratio: number): string {
  const pct = ratio * 100;
  const text = formatNumber(pct, Math.abs(pct) < 10 ? 1 : 0);
  return pct > 0 ? `+${text}%` : `${text}%`;
}
