import type { Report, VerdictFailure } from '../record/report.js';

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

/**
 * The entry an interrupted run's verdict carries in report.json (schema v1 since its start), so that a reader of the
 * file sees a run that did not pass and why. It is not a check: renderers show the interruption instead
 * (verdictOutcome) and never list it among the failures.
 */
export const INTERRUPTION_MARKER: Readonly<VerdictFailure> = Object.freeze({ metric: 'interrupted', op: '==', limit: false, actual: true });

export interface VerdictOutcome {
  /** PASS or FAIL for a whole run; INTERRUPTED for a run cut short, whose partial data is not judged */
  status: 'PASS' | 'FAIL' | 'INTERRUPTED';
  /** set for an interrupted run: "INTERRUPTED during load, before the fault — partial report, verdict not judged" */
  interruption?: string;
  /** the checks that failed (recovery expectation, thresholds); for an interrupted run, on the partial data so far */
  failures: VerdictFailure[];
}

/** What a report's verdict says, for every renderer (CLI, Markdown, HTML) alike. Pure. */
export function verdictOutcome(report: Pick<Report, 'verdict' | 'interrupted'> & { summary?: { windows?: { fault: number | null } } }): VerdictOutcome {
  const failures = report.verdict.failures.filter((f) => f.metric !== INTERRUPTION_MARKER.metric).map((f) => ({ ...f }));
  if (report.interrupted === undefined) return { status: report.verdict.pass ? 'PASS' : 'FAIL', failures };
  const phase = report.interrupted.phase;
  const fault = report.summary?.windows?.fault;
  const when =
    phase === undefined
      ? ''
      : phase === 'load' && fault !== undefined
        ? ` during load, ${fault === null ? 'before the fault' : 'after the fault'}`
        : ` during ${phase}`;
  return { status: 'INTERRUPTED', interruption: `INTERRUPTED${when} — partial report, verdict not judged`, failures };
}
