/**
 * The verdict of N repeated runs: a pass only when every run passed, so a scenario that fails one run in five
 * does not slip through CI. The failures are each distinct breached check once (metric, op and limit), with the
 * actual value of the first run that breached it. Pure.
 */
import type { Report, VerdictFailure } from '../record/report.js';

export function combineVerdicts(verdicts: readonly Report['verdict'][]): Report['verdict'] {
  const seen = new Set<string>();
  const failures: VerdictFailure[] = [];
  for (const v of verdicts) {
    for (const f of v.failures) {
      const key = JSON.stringify([f.metric, f.op, f.limit]);
      if (seen.has(key)) continue;
      seen.add(key);
      failures.push(f);
    }
  }
  return { pass: verdicts.every((v) => v.pass), failures };
}
