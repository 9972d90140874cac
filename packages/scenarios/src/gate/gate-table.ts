/**
 * The gate's result as plain strings: what every renderer (terminal, Markdown, JUnit) shows, so they say the same
 * thing. Renderers only lay these out and escape them. Pure.
 */
import { formatNumber } from '../report/format.js';
import type { MetricPath } from '../thresholds/metrics.js';
import { formatMagnitude, formatMetricDelta, formatMetricValue } from './format-metric.js';
import type { GateResult, GateSide } from './gate-reports.js';
import type { GateRow, RowVerdict } from './judge-metric.js';
import type { Observation } from './observe-metric.js';

export const GATE_HEADER = ['Metric', 'Baseline', 'Current', 'Change', 'Limit', 'Verdict'] as const;

export interface GateTableRow {
  metric: MetricPath;
  /** in GATE_HEADER order */
  cells: [string, string, string, string, string, string];
  verdict: RowVerdict;
  /** regression or missing: the row fails the gate */
  failed: boolean;
  gated: boolean;
}

export interface GateTable {
  pass: boolean;
  /** "PASS" or "FAIL" */
  verdict: string;
  /** "global-purge on varnish" */
  subject: string;
  /** the two runs compared */
  runs: string;
  rows: GateTableRow[];
  /** one sentence: what failed, or that nothing did; improvements */
  conclusion: string;
  /** `metric: note` for rows that carry one */
  rowNotes: string[];
  /** comparability notes */
  notes: string[];
}

const VERDICT_TEXT: Readonly<Record<RowVerdict, string>> = {
  ok: 'ok',
  regression: 'REGRESSION',
  improvement: 'improved',
  missing: 'NO VALUE',
  info: 'info',
};

export function gateTable(result: GateResult): GateTable {
  const rows = result.rows.map((row): GateTableRow => {
    const failed = row.verdict === 'regression' || row.verdict === 'missing';
    return {
      metric: row.metric,
      cells: [row.metric, observation(row, row.baseline), observation(row, row.current), change(row), limit(row, result.noiseK), VERDICT_TEXT[row.verdict]],
      verdict: row.verdict,
      failed,
      gated: row.gated,
    };
  });
  const gated = result.rows.filter((r) => r.gated).length;
  const improved = result.rows.filter((r) => r.verdict === 'improvement').map((r) => r.metric);
  const what = `${gated} gated metric${gated === 1 ? '' : 's'}`;
  let conclusion = result.pass
    ? `No regression in ${what}.`
    : `${result.failed.length} of ${what} regressed: ${result.failed.join(', ')}.`;
  if (improved.length > 0) conclusion += ` Improved: ${improved.join(', ')} (consider refreshing the baseline).`;
  const subject =
    result.baseline.scenario === result.current.scenario && result.baseline.cache === result.current.cache
      ? `${result.current.scenario} on ${result.current.cache}`
      : `${result.baseline.scenario} on ${result.baseline.cache} vs ${result.current.scenario} on ${result.current.cache}`;
  return {
    pass: result.pass,
    verdict: result.pass ? 'PASS' : 'FAIL',
    subject,
    runs: `baseline ${sideText(result.baseline)} vs current ${sideText(result.current)}`,
    rows,
    conclusion,
    rowNotes: result.rows.filter((r) => r.note !== undefined).map((r) => `${r.metric}: ${r.note}`),
    notes: result.notes,
  };
}

function sideText(s: GateSide): string {
  return `${s.runId} (${s.runs === 1 ? '1 run' : `median of ${s.runs} runs`})`;
}

function observation(row: GateRow, o: Observation): string {
  if (o.value === null) return row.nullMeans === 'worst' ? 'never' : 'n/a';
  if (typeof o.value === 'boolean') return o.trueRuns === undefined ? String(o.value) : `${o.value} (${o.trueRuns}/${o.runs})`;
  const text = formatMetricValue(o.value, row.unit);
  return o.runs > 1 ? `${text} ±${formatMagnitude(o.spread, row.unit)}` : text;
}

function change(row: GateRow): string {
  const b = row.baseline.value;
  const c = row.current.value;
  if (row.unit === 'boolean') {
    if (b === null || c === null) return 'n/a';
    return b === c ? 'unchanged' : `${String(b)} → ${String(c)}`;
  }
  if (row.delta === null) {
    if (row.nullMeans !== 'worst' || (b === null && c === null)) return 'n/a';
    return b === null ? 'was never' : 'now never';
  }
  const delta = formatMetricDelta(row.delta, row.unit);
  if (row.relative !== null) return row.delta === 0 ? '0' : `${delta} (${signedPercent(row.relative)})`;
  return row.delta === 0 ? '0' : `${delta} (from 0)`;
}

function limit(row: GateRow, noiseK: number): string {
  if (!row.gated) return '—';
  if (row.limit === null) return row.unit === 'boolean' ? 'any' : '—';
  if (typeof row.limit === 'boolean') return String(row.limit);
  const bound = `${row.direction === 'higher-is-worse' ? '≤' : '≥'} ${formatMetricValue(row.limit, row.unit)}`;
  return row.band !== null && row.band.noise > row.band.tolerance ? `${bound} (${noiseK}×MAD)` : bound;
}

function signedPercent(ratio: number): string {
  const pct = ratio * 100;
  const text = formatNumber(pct, 1);
  return pct > 0 && text !== '0.0' ? `+${text}%` : `${text}%`;
}
