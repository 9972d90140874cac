import { describe, expect, it } from 'vitest';
import type { VerdictFailure } from '../record/report.js';
import { assembleVerdict, INTERRUPTION_MARKER, verdictOutcome, type RecoveryExpectation } from './verdict.js';

const threshold: VerdictFailure = { metric: 'rate503', op: '<=', limit: 0.05, actual: 0.2 };
const notRecovered: VerdictFailure = { metric: 'recovery.recovered', op: '==', limit: true, actual: false };
const recoveredUnexpectedly: VerdictFailure = { metric: 'recovery.recovered', op: '==', limit: false, actual: true };

describe('assembleVerdict', () => {
  it.each<{ name: string; recovered: boolean; expect?: RecoveryExpectation; thresholds?: VerdictFailure[]; failures: VerdictFailure[] }>([
    { name: 'recovered, no thresholds: pass', recovered: true, failures: [] },
    { name: 'not recovered: fail', recovered: false, failures: [notRecovered] },
    { name: 'metastable expected and not recovered: pass', recovered: false, expect: 'metastable', failures: [] },
    { name: 'metastable expected but recovered: fail', recovered: true, expect: 'metastable', failures: [recoveredUnexpectedly] },
    { name: 'any: never judged', recovered: false, expect: 'any', failures: [] },
    { name: 'threshold failures fail', recovered: true, thresholds: [threshold], failures: [threshold] },
    { name: 'recovery failure first, then thresholds', recovered: false, thresholds: [threshold], failures: [notRecovered, threshold] },
  ])('$name', ({ recovered, expect: expectation, thresholds, failures }) => {
    const v = assembleVerdict({ recovered }, { ...(expectation ? { expect: expectation } : {}), ...(thresholds ? { thresholdFailures: thresholds } : {}) });
    expect(v).toEqual({ pass: failures.length === 0, failures });
  });
});

describe('verdictOutcome', () => {
  const marker = { ...INTERRUPTION_MARKER };
  it('a whole run: PASS or FAIL with its failures', () => {
    expect(verdictOutcome({ verdict: { pass: true, failures: [] } })).toEqual({ status: 'PASS', failures: [] });
    expect(verdictOutcome({ verdict: { pass: false, failures: [threshold] } })).toEqual({ status: 'FAIL', failures: [threshold] });
  });

  it.each([
    ['cache', undefined, 'INTERRUPTED during cache — partial report, verdict not judged'],
    ['load', null, 'INTERRUPTED during load, before the fault — partial report, verdict not judged'],
    ['load', 1_000, 'INTERRUPTED during load, after the fault — partial report, verdict not judged'],
    ['report', 1_000, 'INTERRUPTED during report — partial report, verdict not judged'],
    [undefined, 1_000, 'INTERRUPTED — partial report, verdict not judged'],
  ])('interrupted during %s (fault %s): says so, and the marker is not a failure', (phase, fault, line) => {
    const outcome = verdictOutcome({
      verdict: { pass: false, failures: [notRecovered, marker] },
      interrupted: { reason: 'interrupted by SIGINT', at: 2_000, ...(phase ? { phase } : {}) },
      ...(fault !== undefined ? { summary: { windows: { fault } } } : {}),
    });
    expect(outcome).toEqual({ status: 'INTERRUPTED', interruption: line, failures: [notRecovered] });
  });
});
