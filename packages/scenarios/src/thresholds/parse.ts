/**
 * k6-style thresholds: `<metric> <op> <limit>` over report.json's summary, e.g. `rate503 < 0.01`,
 * `recovery.seconds <= 15`, `latencyMs.incident.p99 < 500`, `recovery.recovered == true`. The metric may carry a
 * `summary.` prefix. Operators: < <= > >= == !=. Limits: numbers, or true/false for boolean metrics. Pure.
 */
import { closest } from '../scenario-spec/did-you-mean.js';
import { SpecError } from '../scenario-spec/errors.js';
import { isMetricPath, METRIC_PATHS, METRICS, type MetricPath } from './metrics.js';

export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Threshold {
  /** canonical path, without `summary.` */
  metric: MetricPath;
  op: Operator;
  limit: number | boolean;
  /** the expression as written */
  source: string;
}

export type ThresholdParse = { ok: true; threshold: Threshold } | { ok: false; problem: string };

const EXAMPLE = 'rate503 < 0.01';
const SHAPE = /^([^<>=!\s]*)\s*([<>=!]+)?\s*(.*)$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const OPS = OPERATORS.join(' ');

export function parseThreshold(source: string): ThresholdParse {
  const text = source.trim();
  if (text === '') return fail(`is empty: write <metric> <op> <limit>, e.g. ${EXAMPLE}`);
  const m = SHAPE.exec(text);
  const [, rawMetric = '', op, rawLimit = ''] = m ?? [];
  if (rawMetric === '') return fail(`has no metric before the operator: write <metric> <op> <limit>, e.g. ${EXAMPLE}`);
  if (op === undefined) {
    return fail(`has no operator after ${rawMetric}: use one of ${OPS}, e.g. ${EXAMPLE}`);
  }
  if (!isOperator(op)) return fail(`uses unknown operator "${op}": use one of ${OPS}`);
  const metricProblem = checkMetric(rawMetric);
  if (metricProblem !== undefined) return fail(metricProblem);
  const metric = stripPrefix(rawMetric) as MetricPath;
  const info = METRICS[metric];
  const limitText = rawLimit.trim();
  if (limitText === '') {
    return fail(`has no limit after "${op}": write ${metric} ${op} ${info.type === 'boolean' ? 'true' : '<number>'}`);
  }
  let limit: number | boolean;
  if (limitText === 'true' || limitText === 'false') limit = limitText === 'true';
  else if (NUMBER.test(limitText)) limit = Number(limitText);
  else return fail(`has limit "${limitText}", which is not a number${info.type === 'boolean' ? ' or true/false' : ''}`);
  if (info.type === 'boolean') {
    if (typeof limit !== 'boolean') {
      return fail(`compares ${metric}, a true/false metric, with ${limit}: use true or false`);
    }
    if (op !== '==' && op !== '!=') return fail(`compares ${metric}, a true/false metric, with "${op}": use == or !=`);
  } else if (typeof limit === 'boolean') {
    return fail(`compares ${metric}, a number, with ${limit}: give a number`);
  }
  return { ok: true, threshold: { metric, op, limit, source } };
}

/**
 * Parse a list (already parsed entries pass through); every problem at once.
 * @throws SpecError (code STAMPEDE_SPEC) with one `thresholds[i] <problem> (got "...")` per bad entry.
 */
export function parseThresholds(sources: readonly (string | Threshold)[], subject = 'thresholds'): Threshold[] {
  const out: Threshold[] = [];
  const problems: string[] = [];
  sources.forEach((s, i) => {
    if (typeof s !== 'string') {
      out.push(s);
      return;
    }
    const r = parseThreshold(s);
    if (r.ok) out.push(r.threshold);
    else problems.push(`thresholds[${i}] ${r.problem} (got ${JSON.stringify(s)})`);
  });
  if (problems.length > 0) throw new SpecError(problems, subject);
  return out;
}

function fail(problem: string): ThresholdParse {
  return { ok: false, problem };
}

function isOperator(op: string): op is Operator {
  return (OPERATORS as readonly string[]).includes(op);
}

function stripPrefix(metric: string): string {
  return metric.startsWith('summary.') ? metric.slice('summary.'.length) : metric;
}

/** undefined when the metric exists; otherwise the problem, with the closest name or the valid siblings. */
function checkMetric(raw: string): string | undefined {
  const metric = stripPrefix(raw);
  if (isMetricPath(metric)) return undefined;
  const guess = closest(metric, METRIC_PATHS);
  const suggestion = guess === undefined ? '' : `; did you mean ${guess}?`;
  const cut = metric.lastIndexOf('.');
  const group = cut > 0 ? metric.slice(0, cut) : '';
  const isChild = (p: string) => p.startsWith(`${group}.`) && !p.slice(group.length + 1).includes('.');
  const siblings = group === '' ? [] : METRIC_PATHS.filter(isChild);
  if (siblings.length > 0) {
    const names = siblings.map((p) => p.slice(group.length + 1)).join(', ');
    return `names unknown metric ${metric}: ${group} has ${names}${suggestion}`;
  }
  const groups = METRIC_PATHS.filter((p) => p.startsWith(`${metric}.`));
  if (groups.length > 0) {
    return `names ${metric}, a group, not a metric: use one of ${groups.join(', ')}`;
  }
  const examples = 'rate503, amplification, recovery.seconds, latencyMs.incident.p99, ... see SCENARIOS.md';
  return `names unknown metric ${metric}${guess === undefined ? ` (metrics: ${examples})` : suggestion}`;
}
