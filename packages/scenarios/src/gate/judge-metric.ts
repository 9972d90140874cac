/**
 * One row of the gate: a metric's baseline and current observations judged against a tolerance. Pure.
 *
 * A regression needs the current value beyond baseline + max(tolerance, NOISE_K × spread) in the metric's worse
 * direction (spread: the larger MAD of the two reports; 0 for single runs). Booleans are compared exactly: a
 * regression is the good value turning bad (recovered true -> false). A metric without a tolerance is information.
 */
import type { MetricPath } from '../thresholds/metrics.js';
import { metricTraits, type MetricTraits } from './metric-traits.js';
import type { Observation } from './observe-metric.js';
import { toleranceBand, type Tolerance } from './tolerance-band.js';

/**
 * ok: within the band; regression: beyond it on the worse side (fails the gate); improvement: beyond it on the
 * better side (passes: time to refresh the baseline); missing: gated, the baseline has a value and the current
 * report has none (fails: it cannot be verified); info: not gated.
 */
export type RowVerdict = 'ok' | 'regression' | 'improvement' | 'missing' | 'info';

export interface GateRow extends MetricTraits {
  metric: MetricPath;
  gated: boolean;
  baseline: Observation;
  current: Observation;
  /** current − baseline when both are numbers */
  delta: number | null;
  /** delta ÷ |baseline|; null when the baseline is 0 or either is not a number */
  relative: number | null;
  /** the tolerance applied; null for information rows */
  tolerance: Tolerance | null;
  /** how far the current value may move the worse way: the larger of the tolerance and the noise allowance */
  band: { tolerance: number; noise: number; allowed: number } | null;
  /** the worst acceptable current value (a bound, or the boolean it must keep); null when anything goes */
  limit: number | boolean | null;
  verdict: RowVerdict;
  /** why, when the verdict needs a word: no baseline value, within noise, ... */
  note?: string;
}

export interface JudgeInput {
  metric: MetricPath;
  baseline: Observation;
  current: Observation;
  /** null: information only */
  tolerance: Tolerance | null;
  noiseK: number;
}

export function judgeMetric(input: JudgeInput): GateRow {
  const { metric, baseline, current, tolerance, noiseK } = input;
  const traits = metricTraits(metric);
  const b = baseline.value;
  const c = current.value;
  const numeric = typeof b === 'number' && typeof c === 'number';
  const row: GateRow = {
    metric,
    ...traits,
    gated: tolerance !== null,
    baseline,
    current,
    delta: numeric ? c - b : null,
    relative: numeric && b !== 0 ? (c - b) / Math.abs(b) : null,
    tolerance,
    band: null,
    limit: null,
    verdict: 'info',
  };
  if (tolerance === null) return row;
  if (traits.unit === 'boolean') return judgeBoolean(row, b, c);
  return judgeNumber(row, b, c, tolerance, noiseK);
}

function judgeBoolean(row: GateRow, b: number | boolean | null, c: number | boolean | null): GateRow {
  const bad = row.direction === 'higher-is-worse';
  if (b === null || typeof b !== 'boolean') return { ...row, verdict: 'ok', note: 'no baseline value to compare' };
  const limit = b === bad ? null : !bad;
  if (c === null || typeof c !== 'boolean') return { ...row, limit, verdict: 'missing', note: 'no value in the current report' };
  if (b !== bad && c === bad) return { ...row, limit, verdict: 'regression' };
  if (b === bad && c !== bad) return { ...row, limit, verdict: 'improvement' };
  return { ...row, limit, verdict: 'ok' };
}

function judgeNumber(
  row: GateRow,
  b: number | boolean | null,
  c: number | boolean | null,
  tolerance: Tolerance,
  noiseK: number,
): GateRow {
  const higherIsWorse = row.direction === 'higher-is-worse';
  if (typeof b !== 'number') {
    if (row.nullMeans === 'worst' && typeof c === 'number') return { ...row, verdict: 'improvement', note: 'never in the baseline' };
    return { ...row, verdict: 'ok', note: row.nullMeans === 'worst' && c === null ? 'never in either' : 'no baseline value to compare' };
  }
  const allowance = toleranceBand(tolerance, b);
  const noise = noiseK * Math.max(row.baseline.spread, row.current.spread);
  const allowed = Math.max(allowance, noise);
  const limit = higherIsWorse ? b + allowed : b - allowed;
  const band = { tolerance: allowance, noise, allowed };
  if (typeof c !== 'number') {
    return row.nullMeans === 'worst'
      ? { ...row, band, limit, verdict: 'regression', note: 'never in the current report' }
      : { ...row, band, limit, verdict: 'missing', note: 'no value in the current report' };
  }
  // Float noise (0.1 + 0.2) must not turn "exactly at the limit" into a regression.
  const eps = 1e-9 * Math.max(1, Math.abs(limit));
  const worseBy = higherIsWorse ? c - b : b - c;
  if (worseBy > allowed + eps) return { ...row, band, limit, verdict: 'regression' };
  if (-worseBy > allowed + eps) return { ...row, band, limit, verdict: 'improvement' };
  const noiseNote = noise > allowance && Math.abs(worseBy) > allowance + eps;
  return { ...row, band, limit, verdict: 'ok', ...(noiseNote ? { note: 'within noise: beyond the tolerance, within the repeat spread' } : {}) };
}
