/**
 * `--tolerance METRIC=VALUE`: how far a metric may move before the gate fails. Pure.
 *
 *   rate503=10%                  10% of the baseline value, keeping the unit's floor (default-tolerances.ts)
 *   recovery.seconds=3s  or  =3  an absolute amount in the metric's unit (s/ms for times, pp for ratios)
 *   status.503=25%,20            both: 25% of the baseline, but at least 20
 *   latencyMs.incident.p99=20%   gates a metric that is otherwise shown for information
 *   amplification=off            stops gating a metric (it is still shown)
 *
 * The metric may carry a `summary.` prefix. Booleans (recovery.recovered) are compared exactly: only `off` applies.
 */
import { closest } from '../scenario-spec/did-you-mean.js';
import { isMetricPath, METRIC_PATHS, type MetricPath } from '../thresholds/metrics.js';
import { DEFAULT_GATED, UNIT_FLOORS } from './default-tolerances.js';
import { GateError } from './gate-error.js';
import { metricTraits, type MetricUnit } from './metric-traits.js';
import type { Tolerance } from './tolerance-band.js';

export type ToleranceSetting = Tolerance | 'off';

export interface ToleranceFlag {
  metric: MetricPath;
  setting: ToleranceSetting;
  /** the flag's value as written */
  source: string;
}

export type ToleranceParse = { ok: true; flag: ToleranceFlag } | { ok: false; problem: string };

const SHAPE_HINT = 'e.g. rate503=10%, recovery.seconds=3s or amplification=off';
const AMOUNT = /^(\d+(?:\.\d+)?|\.\d+)(%|[a-z/×]*)$/i;

/** Unit suffixes an absolute amount may carry, as a factor into the metric's unit ('' = bare number). */
const SUFFIXES: Readonly<Record<MetricUnit, Readonly<Record<string, number>>>> = {
  ratio: { '': 1, pp: 0.01 },
  seconds: { '': 1, s: 1, ms: 0.001 },
  ms: { '': 1, ms: 1, s: 1000 },
  count: { '': 1 },
  times: { '': 1, x: 1, '×': 1 },
  perSec: { '': 1, '/s': 1 },
  boolean: {},
};

const ABSOLUTE_EXAMPLE: Readonly<Record<MetricUnit, string>> = {
  ratio: '0.5pp or 0.005 (percentage points)',
  seconds: '3s, 500ms or 3',
  ms: '20ms, 0.5s or 20',
  count: '10',
  times: '1.5x',
  perSec: '5/s',
  boolean: 'off',
};

const UNIT_NAME: Readonly<Record<MetricUnit, string>> = {
  ratio: 'a ratio',
  seconds: 'in seconds',
  ms: 'in milliseconds',
  count: 'a count',
  times: 'a multiple',
  perSec: 'a rate per second',
  boolean: 'true/false',
};

export function parseTolerance(source: string): ToleranceParse {
  const text = source.trim();
  const eq = text.indexOf('=');
  if (eq < 0) return fail(`is not METRIC=VALUE: ${SHAPE_HINT}`);
  const rawMetric = text.slice(0, eq).trim();
  const rawValue = text.slice(eq + 1).trim();
  if (rawMetric === '') return fail(`has no metric before "=": write METRIC=VALUE, ${SHAPE_HINT}`);
  const metric = rawMetric.startsWith('summary.') ? rawMetric.slice('summary.'.length) : rawMetric;
  if (!isMetricPath(metric)) return fail(unknownMetric(metric));
  const { unit } = metricTraits(metric);
  if (rawValue.toLowerCase() === 'off') return ok(metric, 'off', source);
  if (unit === 'boolean') {
    return fail(`${metric} is true/false and compared exactly: the only value it takes is off (to stop gating it)`);
  }
  const valueHint = `give N% (of the baseline value), an absolute amount such as ${ABSOLUTE_EXAMPLE[unit]}, both as N%,AMOUNT, or off`;
  if (rawValue === '') return fail(`has no value after "=": ${valueHint}`);
  const parts = rawValue.split(',').map((p) => p.trim());
  let relative: number | undefined;
  let absolute: number | undefined;
  for (const part of parts) {
    if (part.startsWith('-')) return fail(`value "${rawValue}" is negative: a tolerance is an amount either way; drop the minus`);
    const m = AMOUNT.exec(part);
    if (m === null) return fail(`value "${rawValue}" is not a tolerance: ${valueHint}`);
    const amount = Number(m[1]);
    const suffix = (m[2] ?? '').toLowerCase();
    if (suffix === '%') {
      if (relative !== undefined) return fail(`value "${rawValue}" gives two percentages: ${valueHint}`);
      relative = amount / 100;
      continue;
    }
    const factor = SUFFIXES[unit][suffix];
    if (factor === undefined) {
      return fail(
        `unit "${m[2]}" does not fit ${metric}, ${UNIT_NAME[unit]}: write an absolute amount as ${ABSOLUTE_EXAMPLE[unit]}, or N% of the baseline`,
      );
    }
    if (absolute !== undefined) return fail(`value "${rawValue}" gives two absolute amounts: ${valueHint}`);
    absolute = amount * factor;
  }
  if (relative === undefined) return ok(metric, { relative: 0, absolute: absolute ?? 0 }, source);
  return ok(metric, { relative, absolute: absolute ?? UNIT_FLOORS[unit] }, source);
}

/**
 * Parse every --tolerance flag; every problem at once.
 * @throws GateError (code STAMPEDE_USAGE) with one `--tolerance "..." <problem>` per bad or repeated flag.
 */
export function parseTolerances(sources: readonly string[]): ToleranceFlag[] {
  const flags: ToleranceFlag[] = [];
  const problems: string[] = [];
  const seen = new Map<MetricPath, string>();
  for (const source of sources) {
    const r = parseTolerance(source);
    if (!r.ok) {
      problems.push(`--tolerance ${JSON.stringify(source)} ${r.problem}`);
      continue;
    }
    const earlier = seen.get(r.flag.metric);
    if (earlier !== undefined) {
      problems.push(`--tolerance ${JSON.stringify(source)} repeats ${r.flag.metric} (already ${JSON.stringify(earlier)}): give each metric once`);
      continue;
    }
    seen.set(r.flag.metric, source);
    flags.push(r.flag);
  }
  if (problems.length > 0) throw new GateError('tolerance', `invalid --tolerance`, problems);
  return flags;
}

function ok(metric: MetricPath, setting: ToleranceSetting, source: string): ToleranceParse {
  return { ok: true, flag: { metric, setting, source } };
}

function fail(problem: string): ToleranceParse {
  return { ok: false, problem };
}

/** `names unknown metric X; did you mean Y?`, trying a typo first, then a last segment (`503` -> status.503). */
function unknownMetric(metric: string): string {
  const members = METRIC_PATHS.filter((p) => p.startsWith(`${metric}.`));
  if (members.length > 0) return `names ${metric}, a group, not a metric: use one of ${members.join(', ')}`;
  const typo = closest(metric, METRIC_PATHS);
  const bySuffix = METRIC_PATHS.filter((p) => p.endsWith(`.${metric}`));
  const guesses = typo !== undefined ? [typo] : bySuffix.length > 0 && bySuffix.length <= 4 ? bySuffix : [];
  if (guesses.length > 0) return `names unknown metric ${metric}; did you mean ${guesses.join(' or ')}?`;
  return `names unknown metric ${metric} (gated by default: ${DEFAULT_GATED.join(', ')}; every metric is listed by stampede gate --help)`;
}
