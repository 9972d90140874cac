/** Two synthetic runs for the comparison tests, from the committed fixture report. */
import { readFileSync } from 'node:fs';
import { readReport } from '../../record/report-json.js';
import type { Report } from '../../record/report.js';

export const FIXTURE = readReport(readFileSync(new URL('../../report/fixtures/global-purge.report.json', import.meta.url), 'utf8'));

/**
 * A: the fixture with a load-start event 500 ms after its first bucket. B: the same run 10 minutes later, its
 * load starting 200 ms after its first bucket, with half the origin traffic after the fault, no 503s and a faster
 * recovery: coalescing's effect, roughly.
 */
export function twoRuns(): { a: Report; b: Report } {
  const a = structuredClone(FIXTURE);
  const t0 = a.series[0]!.t;
  a.runId = 'cmp-a';
  a.events = [{ t: t0 + 500, action: 'load-start', detail: {}, kind: 'phase' }, ...a.events];
  a.verdict = { pass: false, failures: [{ metric: 'rate503', op: '<', limit: 0.001, actual: a.summary.rate503 }] };

  const b = structuredClone(FIXTURE);
  const shift = 600_000;
  b.runId = 'cmp-b';
  b.series = b.series.map((p) => ({
    ...p,
    t: p.t + shift,
    status: { ...p.status, '2xx': p.status['2xx'] + p.status['503'], '503': 0 },
    origin: { ...p.origin, arrivals: Math.round(p.origin.arrivals / 2), rejected503: 0 },
  }));
  b.events = [{ t: t0 + shift + 200, action: 'load-start', detail: {}, kind: 'phase' }, ...b.events.map((e) => ({ ...e, t: e.t + shift }))];
  const w = b.summary.windows!;
  b.summary = {
    ...b.summary,
    status: { ...b.summary.status, '2xx': b.summary.status['2xx'] + b.summary.status['503'], '503': 0 },
    rate503: 0,
    peak503PerSec: 0,
    recovery: { recovered: true, seconds: 4 },
    origin: { ...b.summary.origin, arrivals: Math.round(b.summary.origin.arrivals / 2), rejected503: 0 },
    windows: { baseline: { from: w.baseline!.from + shift, to: w.baseline!.to + shift }, fault: w.fault! + shift, recoveredAt: w.fault! + shift + 4000 },
  };
  b.verdict = { pass: true, failures: [] };
  return { a, b };
}
