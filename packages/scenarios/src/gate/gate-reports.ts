/**
 * The gate: a current report against a baseline report of the same scenario. Reports in, a decision and one row
 * per metric out; nothing is read, written or printed here. Rows come in this order: the gated metrics
 * (DEFAULT_GATED, then metrics gated by a --tolerance), then the information rows.
 */
import type { Report } from '../record/report.js';
import type { MetricPath } from '../thresholds/metrics.js';
import { checkComparable } from './check-comparable.js';
import { DEFAULT_GATED, defaultTolerance, INFO_METRICS, NOISE_K } from './default-tolerances.js';
import { GateError } from './gate-error.js';
import { judgeMetric, type GateRow } from './judge-metric.js';
import { metricTraits } from './metric-traits.js';
import { observeMetric } from './observe-metric.js';
import type { ToleranceFlag, ToleranceSetting } from './parse-tolerance.js';
import { readRepeatStats } from './read-repeat-stats.js';
import type { Tolerance } from './tolerance-band.js';

export interface GateOptions {
  /** parsed --tolerance flags (parseTolerances) */
  tolerances?: readonly ToleranceFlag[];
  /** compare reports of different scenarios / cache kinds / cut-short runs anyway (the problems become notes) */
  allowMismatch?: boolean;
  /** noise allowance in MADs (default NOISE_K) */
  noiseK?: number;
  /** names for the two reports in error messages (default "baseline report", "current report") */
  sources?: { baseline: string; current: string };
}

export interface GateSide {
  runId: string;
  scenario: string;
  cache: string;
  /** runs behind the compared values: repeat.n, or 1 */
  runs: number;
}

export interface GateResult {
  pass: boolean;
  baseline: GateSide;
  current: GateSide;
  rows: GateRow[];
  /** the failing rows' metrics (regression or missing), in row order */
  failed: MetricPath[];
  /** differences between the runs worth knowing that did not stop the comparison */
  notes: string[];
  noiseK: number;
}

/**
 * @throws GateError (kind 'mismatch', code STAMPEDE_USAGE) when the reports cannot be compared and
 *   `allowMismatch` is not set.
 * @throws ReportFileError (code STAMPEDE_SPEC) when a report's repeat statistics are malformed.
 */
export function gateReports(baseline: Report, current: Report, options: GateOptions = {}): GateResult {
  const noiseK = options.noiseK ?? NOISE_K;
  const sources = options.sources ?? { baseline: 'baseline report', current: 'current report' };
  const comparable = checkComparable(baseline, current);
  if (comparable.problems.length > 0 && options.allowMismatch !== true) {
    throw new GateError('mismatch', 'cannot compare these reports', comparable.problems, 'Pass --allow-mismatch to compare them anyway.');
  }
  const notes = [...comparable.problems.map((p) => `compared anyway (--allow-mismatch): ${p}`), ...comparable.notes];
  const baselineRepeat = readRepeatStats(baseline, sources.baseline);
  const currentRepeat = readRepeatStats(current, sources.current);

  const rows = plan(options.tolerances ?? []).map(({ metric, tolerance }) =>
    judgeMetric({
      metric,
      baseline: observeMetric(baseline.summary, baselineRepeat, metric),
      current: observeMetric(current.summary, currentRepeat, metric),
      tolerance,
      noiseK,
    }),
  );
  const failed = rows.filter((r) => r.verdict === 'regression' || r.verdict === 'missing').map((r) => r.metric);
  return {
    pass: failed.length === 0,
    baseline: side(baseline, baselineRepeat?.n),
    current: side(current, currentRepeat?.n),
    rows,
    failed,
    notes,
    noiseK,
  };
}

/** Which metrics get a row, in order, each with its tolerance (null: information). */
function plan(flags: readonly ToleranceFlag[]): { metric: MetricPath; tolerance: Tolerance | null }[] {
  const settings = new Map<MetricPath, ToleranceSetting>(flags.map((f) => [f.metric, f.setting]));
  const gated = [...DEFAULT_GATED, ...flags.map((f) => f.metric)].filter((m) => settings.get(m) !== 'off');
  const info = [...DEFAULT_GATED, ...flags.map((f) => f.metric), ...INFO_METRICS].filter((m) => !gated.includes(m));
  const toleranceOf = (m: MetricPath): Tolerance => {
    const s = settings.get(m);
    return s === undefined || s === 'off' ? defaultTolerance(metricTraits(m).unit) : s;
  };
  return [
    ...unique(gated).map((metric) => ({ metric, tolerance: toleranceOf(metric) })),
    ...unique(info).map((metric) => ({ metric, tolerance: null })),
  ];
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function side(r: Report, n: number | undefined): GateSide {
  return { runId: r.runId, scenario: r.scenario.name, cache: r.cache.kind, runs: n ?? 1 };
}
