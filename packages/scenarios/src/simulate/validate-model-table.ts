/**
 * The model validation as a table (GitHub markdown, readable as plain text too): one row per scenario, each cell
 * `measured / simulated (error)` and marked ✗ when out of bounds; a scenario the model cannot play says why.
 * Pure: rows -> text.
 */
import { formatInt, formatPercent } from '../report/format.js';
import { insideRealRange, MODEL_METRICS, MODEL_TOLERANCE, type MetricComparison, type ModelMetric, type ScenarioValidation } from './validate-model.js';

/** A scenario the model refused (simulationSpecFromScenario / simTimelineFromSpec): not validated, and why. */
export interface NotModelled {
  scenario: string;
  cache: string;
  notModelled: string;
}

export type ValidationRow = ScenarioValidation | NotModelled;

export function rowWithin(row: ValidationRow): boolean {
  return 'metrics' in row && row.within;
}

export function renderValidationTable(rows: readonly ValidationRow[]): string {
  const header = ['scenario', 'cache', ...MODEL_METRICS.map((m) => m.label), 'within'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) {
    const cells =
      'metrics' in row
        ? [...row.metrics.map(cell), row.within ? 'yes' : row.withinRealSpread ? '**no** (≈)' : '**no**']
        : [`not modelled: ${row.notModelled.replace(/\|/g, '\\|')}`, ...MODEL_METRICS.slice(1).map(() => ''), '**no**'];
    lines.push(`| ${[row.scenario, row.cache, ...cells].join(' | ')} |`);
  }
  const within = rows.filter(rowWithin).length;
  const spread = rows.filter((r) => 'metrics' in r && !r.within && r.withinRealSpread).length;
  const runs = Math.max(1, ...rows.map((r) => ('metrics' in r ? r.realRuns : 1)));
  const measured = runs > 1 ? `measured (the median of ${runs} real runs; their range in brackets)` : 'measured';
  return [
    ...lines,
    '',
    `Each cell: ${measured} / simulated (error). Bounds: ${formatPercent(MODEL_TOLERANCE)} of the measured value (counts: or 0.1% of the requests), recovery within one bucket; ✗ = out of bounds${runs > 1 ? ", ≈ = out of bounds but inside the real runs' range" : ''}.`,
    `${within} of ${rows.length} scenario${rows.length === 1 ? '' : 's'} within bounds.${spread > 0 ? ` ${spread} more ${spread === 1 ? 'is' : 'are'} out of bounds only where the simulated value lies inside the real runs' own range (≈): the real runs disagree by more than the bound there.` : ''}`,
    '',
  ].join('\n');
}

function cell(c: MetricComparison): string {
  const mark = c.within ? '' : insideRealRange(c) ? ' ≈' : ' ✗';
  const [low, high] = c.realRange === undefined ? [] : c.realRange.map((v) => value(c.metric, v));
  const range = low === undefined ? '' : low === high ? ` (all ${low})` : ` (${low}–${high})`;
  const text = `${value(c.metric, c.real)}${range} / ${value(c.metric, c.simulated)}${c.error === null ? '' : ` (${errorText(c.metric, c.error)})`}`;
  return `${text}${mark}`;
}

function value(metric: ModelMetric, v: number | null): string {
  if (v === null) return metric === 'recoveryS' ? 'never' : 'n/a';
  switch (metric) {
    case 'client503':
    case 'originArrivals':
      return formatInt(v);
    case 'amplification':
      return `${v.toFixed(1)}×`;
    case 'recoveryS':
      return `${v.toFixed(1)} s`;
    case 'hitRatioMin':
      return formatPercent(v);
  }
}

function errorText(metric: ModelMetric, error: number): string {
  const [size, unit] = metric === 'recoveryS' ? [Math.abs(error).toFixed(1), ' s'] : [Math.abs(error * 100).toFixed(0), '%'];
  // what rounds to zero reads +0, whichever side it is on
  const sign = error >= 0 || Number(size) === 0 ? '+' : '−';
  return `${sign}${size}${unit}`;
}
