/** Synthetic runs for the repeat tests: the committed fixture report with a few summary fields changed. */
import { readFileSync } from 'node:fs';
import { readReport } from '../../record/report-json.js';
import type { Report } from '../../record/report.js';

const FIXTURE = readReport(readFileSync(new URL('../../report/fixtures/global-purge.report.json', import.meta.url), 'utf8'));

export interface RunEdit {
  rate503?: number;
  /** recovery.seconds; null: did not recover */
  recovery?: number | null;
  arrivals?: number;
  pass?: boolean;
  runId?: string;
}

export function fixtureRun(edit: RunEdit = {}): Report {
  const r = structuredClone(FIXTURE);
  if (edit.rate503 !== undefined) r.summary.rate503 = edit.rate503;
  if (edit.recovery !== undefined) r.summary.recovery = { recovered: edit.recovery !== null, seconds: edit.recovery };
  if (edit.arrivals !== undefined) r.summary.origin.arrivals = edit.arrivals;
  if (edit.pass !== undefined) {
    r.verdict = edit.pass
      ? { pass: true, failures: [] }
      : { pass: false, failures: [{ metric: 'rate503', op: '<', limit: 0.01, actual: r.summary.rate503 }] };
  }
  if (edit.runId !== undefined) r.runId = edit.runId;
  return r;
}
