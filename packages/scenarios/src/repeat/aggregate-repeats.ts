/**
 * `stampede run --repeat N`: the spread of every summary metric over N runs of one scenario, in the shape
 * report.repeat holds and the gate reads (gate/read-repeat-stats.ts). Pure.
 *
 * Every metric of thresholds/metrics.ts is recorded, so a gate may compare any of them. Booleans become 1 / 0; a run
 * without a value (recovery.seconds of a run that did not recover) is null in `values`, and median, min, max and
 * mad are over the non-null values only (null when there are none). The gate recomputes its medians from `values`
 * with its own reading of null, so nothing is lost here.
 */
import { median } from '../analysis/median.js';
import type { RepeatMetricStats, RepeatStats, ReportSummary } from '../record/report.js';
import { METRIC_PATHS, metricValue } from '../thresholds/metrics.js';

/** @throws RangeError for an empty list: there is no run to describe. */
export function aggregateRepeats(summaries: readonly ReportSummary[]): RepeatStats {
  if (summaries.length === 0) throw new RangeError('aggregateRepeats needs at least one run');
  const metrics: Record<string, RepeatMetricStats> = {};
  for (const path of METRIC_PATHS) {
    metrics[path] = metricStats(summaries.map((s) => asNumber(metricValue(s, path))));
  }
  return { n: summaries.length, metrics };
}

/** Median, min, max and median absolute deviation of the non-null values. */
export function metricStats(values: readonly (number | null)[]): RepeatMetricStats {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const mid = median(known);
  if (mid === undefined) return { median: null, min: null, max: null, mad: null, values: [...values] };
  return {
    median: mid,
    min: Math.min(...known),
    max: Math.max(...known),
    mad: median(known.map((v) => Math.abs(v - mid))) ?? 0,
    values: [...values],
  };
}

function asNumber(v: number | boolean | null): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}
