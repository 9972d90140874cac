import { describe, expect, test } from 'vitest';
import { repeatedReport } from './repeated-report.js';
import { fixtureRun } from './testing/fixture-run.js';

describe('repeatedReport', () => {
  test('the typical run, renamed, with the statistics and the combined verdict', () => {
    const runs = [fixtureRun({ rate503: 0.1, runId: 'r1', pass: true }), fixtureRun({ rate503: 0.3, runId: 'r2', pass: false }), fixtureRun({ rate503: 0.2, runId: 'r3', pass: true })];
    const { report, representative } = repeatedReport({ runs, requested: 3, runId: 'set' });
    expect(representative).toBe(2);
    expect(report.runId).toBe('set');
    expect(report.summary.rate503).toBe(0.2);
    expect(report.repeat?.n).toBe(3);
    expect(report.verdict.pass).toBe(false);
    expect(report.interrupted).toBeUndefined();
  });

  test('stopped early: marked interrupted with how many runs it holds, and failed', () => {
    const { report } = repeatedReport({ runs: [fixtureRun({ pass: true })], requested: 5, runId: 'set', stopped: { reason: 'interrupted by SIGINT', at: 42 } });
    expect(report.interrupted).toEqual({ reason: 'interrupted by SIGINT (after 1 of 5 runs)', at: 42 });
    expect(report.verdict).toEqual({ pass: false, failures: [{ metric: 'interrupted', op: '==', limit: false, actual: true }] });
    expect(report.repeat?.n).toBe(1);
  });

  test('a run cut short is not in the statistics; with nothing else, it is the report', () => {
    const cut = { ...fixtureRun({ rate503: 0.9 }), interrupted: { reason: 'cache died', at: 7 } };
    const withRuns = repeatedReport({ runs: [fixtureRun({ rate503: 0.1 })], requested: 3, runId: 'set', cut }).report;
    expect(withRuns.repeat?.metrics['rate503']?.values).toEqual([0.1]);
    expect(withRuns.interrupted?.reason).toBe('cache died (after 1 of 3 runs)');
    const alone = repeatedReport({ runs: [], requested: 3, runId: 'set', cut });
    expect(alone.representative).toBeUndefined();
    expect(alone.report).toEqual({ ...cut, runId: 'set' });
  });
});
