/**
 * Thresholds against a finished run's summary. Pure. A metric without a value (null: recovery.seconds when the run
 * did not recover, amplification without a fault) fails every comparison: a threshold never passes for lack of
 * data.
 */
import type { ReportSummary, VerdictFailure } from '../record/report.js';
import { metricValue } from './metrics.js';
import { parseThresholds, type Operator, type Threshold } from './parse.js';

/**
 * The thresholds that fail, in their order, as the report's verdict records them.
 * @throws SpecError when a string threshold does not parse (validate specs first: validateScenario does).
 */
export function evaluateThresholds(
  thresholds: readonly (string | Threshold)[],
  summary: ReportSummary,
): VerdictFailure[] {
  const failures: VerdictFailure[] = [];
  for (const t of parseThresholds(thresholds)) {
    const actual = metricValue(summary, t.metric);
    if (actual === null || !holds(actual, t.op, t.limit)) {
      failures.push({ metric: t.metric, op: t.op, limit: t.limit, actual });
    }
  }
  return failures;
}

/** `actual op limit`; values of different types never satisfy a comparison. */
export function holds(actual: number | boolean, op: Operator, limit: number | boolean): boolean {
  if (typeof actual !== typeof limit) return false;
  switch (op) {
    case '==':
      return actual === limit;
    case '!=':
      return actual !== limit;
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
  }
}
