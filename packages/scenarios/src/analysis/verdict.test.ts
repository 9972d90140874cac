import { describe, expect, it } from 'vitest';
import type { VerdictFailure } from '../report/model.js';
import { assembleVerdict, type RecoveryExpectation } from './verdict.js';

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
