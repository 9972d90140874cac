import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTERRUPTION_MARKER } from '../analysis/verdict.js';
import { readReport } from '../record/report-json.js';
import type { Report } from '../record/report.js';
import { oneLine, runSummary } from './run-summary.js';

const fixture = (): Report => readReport(readFileSync(new URL('../report/fixtures/global-purge.report.json', import.meta.url), 'utf8'));

/** A failed run whose numbers are raw floats, as the analysis leaves them. */
function failedRun(): Report {
  const r = fixture();
  r.summary.rate503 = 0.006757222643590981;
  r.summary.amplification = 9.876543210123;
  r.summary.recovery = { recovered: true, seconds: 11.751234 };
  r.summary.latencyMs.incident.p99 = 976.54321;
  r.verdict = {
    pass: false,
    failures: [
      { metric: 'rate503', op: '<', limit: 0.001, actual: 0.006757222643590981 },
      { metric: 'latencyMs.incident.p99', op: '<', limit: 500, actual: 976.54321 },
    ],
  };
  return r;
}

describe('runSummary', () => {
  it('formats every number as the report does: no raw floats', () => {
    const text = runSummary(failedRun(), 'global-purge', '/tmp/r');
    expect(text).toBe(
      [
        'FAIL  global-purge on varnish 7.5.0',
        '  responses 30,000, 503s 460 (0.68%, peak 125/s), recovery 11.8 s',
        '  amplification 9.9×, hit ratio 95.0% -> min 7.8%, p99 baseline 6.50 ms / incident 977 ms',
        '  origin arrivals 4,314, origin 503s 460',
        '  failed: rate503 < 0.001 (actual 0.006757)',
        '  failed: latencyMs.incident.p99 < 500 (actual 976.5)',
        '  report: /tmp/r/report.html',
        '',
      ].join('\n'),
    );
    expect(text).not.toMatch(/\.\d{7,}/);
    expect(oneLine(failedRun())).toBe('FAIL  503s 0.68%, recovery 11.8 s, origin arrivals 4,314, amplification 9.9×');
  });

  it('an interrupted run says so first and never lists the interruption as a failed check', () => {
    const r = failedRun();
    r.summary.windows = { ...r.summary.windows!, fault: null };
    r.verdict = { pass: false, failures: [...r.verdict.failures, { ...INTERRUPTION_MARKER }] };
    r.interrupted = { reason: 'interrupted by SIGINT', at: r.series[5]!.t, phase: 'load' };
    const text = runSummary(r, 'global-purge', '/tmp/r');
    expect(text.split('\n').slice(0, 2)).toEqual([
      'INTERRUPTED during load, before the fault — partial report, verdict not judged',
      '  global-purge on varnish 7.5.0: interrupted by SIGINT',
    ]);
    expect(text).not.toMatch(/interrupted ==/);
    expect(text).not.toMatch(/^(PASS|FAIL)/m);
    expect(text).toContain('  failing so far: rate503 < 0.001 (actual 0.006757)');
  });

  it('a run with client retries shows attempts per request, and the reason it did not recover', () => {
    const r = failedRun();
    r.summary.recovery = { recovered: false, seconds: null, reason: 'sustained by retries: 80% of the origin\'s arrivals were client retries in the last 5 s' };
    r.summary.retry = { logical: 15921, attempts: 19334, retries: 3413, budgetDenied: 0, gaveUp: 971, amplification: 19334 / 15921 };
    const lines = runSummary(r, 'retry-storm', '/tmp/r').split('\n');
    expect(lines).toContain('  retries 1.2× attempts per request: 19,334 attempts for 15,921 requests, 3,413 retries, 0 denied by the budget, 971 gave up');
    expect(lines).toContain("  did not recover: sustained by retries: 80% of the origin's arrivals were client retries in the last 5 s");
    expect(runSummary(fixture(), 'global-purge', '/tmp/r')).not.toMatch(/retries|did not recover:/);
  });
});
