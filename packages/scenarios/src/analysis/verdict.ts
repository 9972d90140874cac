import type { Report, VerdictFailure } from '../report/model.js';

/**
 * What the scenario expects of recovery: 'recover' (default: not recovering fails), 'metastable' (the scenario
 * demonstrates a system that stays down: recovering fails), 'any' (recovery is reported, never judged).
 */
export type RecoveryExpectation = 'recover' | 'metastable' | 'any';

/**
 * The verdict: the recovery expectation first, then the threshold failures (evaluated elsewhere) in their order.
 * pass is true exactly when there is no failure.
 */
export function assembleVerdict(
  recovery: { recovered: boolean },
  options: { expect?: RecoveryExpectation; thresholdFailures?: readonly VerdictFailure[] } = {},
): Report['verdict'] {
  const expect = options.expect ?? 'recover';
  const failures: VerdictFailure[] = [];
  if (expect === 'recover' && !recovery.recovered) {
    failures.push({ metric: 'recovery.recovered', op: '==', limit: true, actual: false });
  } else if (expect === 'metastable' && recovery.recovered) {
    failures.push({ metric: 'recovery.recovered', op: '==', limit: false, actual: true });
  }
  failures.push(...(options.thresholdFailures ?? []).map((f) => ({ ...f })));
  return { pass: failures.length === 0, failures };
}
