/**
 * The value of one metric the gate compares, from one report: the run's own value, or — when the report carries
 * repeat statistics for the metric — the median over the runs with its spread. Pure.
 *
 * Medians are recomputed from `repeat.metrics[m].values` rather than read from the stored median, so a run that had
 * no value counts as what its null means: a run that never recovered is the worst outcome, not a missing one.
 */
import { median } from '../analysis/median.js';
import type { RepeatStats, ReportSummary } from '../record/report.js';
import { metricValue, type MetricPath } from '../thresholds/metrics.js';
import { metricTraits } from './metric-traits.js';

export interface Observation {
  /** the compared value: the run's, or the median over runs; null when there is none (MetricTraits.nullMeans) */
  value: number | boolean | null;
  /** median absolute deviation over the runs; 0 for a single run */
  spread: number;
  /** how many runs the value stands for */
  runs: number;
  /** booleans over repeated runs: how many runs were true (value: true when at least half were) */
  trueRuns?: number;
}

export function observeMetric(summary: ReportSummary, repeat: RepeatStats | undefined, metric: MetricPath): Observation {
  const stats = repeat?.metrics[metric];
  if (repeat === undefined || stats === undefined) return { value: metricValue(summary, metric), spread: 0, runs: 1 };
  const traits = metricTraits(metric);
  const runs = stats.values.length;
  if (traits.unit === 'boolean') {
    const known = stats.values.filter((v): v is number => v !== null);
    const trueRuns = known.filter((v) => v === 1).length;
    return { value: known.length === 0 ? null : trueRuns * 2 >= known.length, spread: 0, runs, trueRuns };
  }
  const worst = traits.direction === 'higher-is-worse' ? Infinity : -Infinity;
  const values =
    traits.nullMeans === 'worst'
      ? stats.values.map((v) => v ?? worst)
      : stats.values.filter((v): v is number => v !== null);
  const mid = median(values);
  if (mid === undefined || !Number.isFinite(mid)) return { value: null, spread: 0, runs };
  const mad = median(values.map((v) => Math.abs(v - mid))) ?? 0;
  return { value: mid, spread: Number.isFinite(mad) ? mad : 0, runs };
}
