import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReport } from '../record/report-json.js';
import type { Report } from '../record/report.js';
import { formatFailure, reportTables } from './report-tables.js';

const fixture = (): Report => readReport(readFileSync(new URL('./fixtures/global-purge.report.json', import.meta.url), 'utf8'));
const row = (t: ReturnType<typeof reportTables>['headline'], label: string) =>
  t.rows.find((r) => r[0]?.text === label)?.[1];

describe('reportTables', () => {
  it('no fault: nothing to recover from, said plainly', () => {
    const r = fixture();
    r.events = [];
    r.summary.windows = { baseline: r.summary.windows!.baseline, fault: null, recoveredAt: null };
    r.summary.amplification = null;
    r.summary.recovery = { recovered: true, seconds: 0 };
    const t = reportTables(r);
    expect(row(t.headline, 'Recovery')?.text).toBe('n/a (no fault)');
    expect(t.notes.map((n) => n.text)).toContain('No fault was injected: nothing to recover from.');
    expect(t.events.rows).toEqual([]);
    expect(t.phases.rows[1]?.slice(1).map((c) => c.text)).toEqual(['—', '—', '—', '—', '—', '—']);
  });

  it('a user VCL: the setup says which backends were pointed at the origin and from where', () => {
    const r = fixture();
    expect(reportTables(r).setup.some((l) => l.startsWith('Cache config'))).toBe(false);
    r.cache = {
      ...r.cache,
      config: { vcl: '/srv/site.vcl', retargeted: [{ name: 'web1', was: '10.0.0.5:8080', probe: true }, { name: 'web2', was: '/run/app.sock', probe: false }] },
    };
    expect(reportTables(r).setup.at(-1)).toBe('Cache config: /srv/site.vcl: backends pointed at the origin: web1 (was 10.0.0.5:8080, probed), web2 (was /run/app.sock)');
  });

  it('client retries: a headline row, the policy in the setup, attempts in the reconciliation, the reason when not recovered', () => {
    const plain = reportTables(fixture());
    expect(row(plain.headline, 'Client retries (attempts ÷ requests)')).toBeUndefined();
    expect(plain.reconciliation.rows[0]?.[0]?.text).toBe('Requests sent → origin arrivals');

    const r = fixture();
    r.load = {
      ...r.load,
      retry: { on: ['503', 'timeout'], maxAttempts: 5, backoff: 'exponential', baseMs: 100, maxMs: 2000, multiplier: 2, jitter: 'full', budget: { ratio: 0.1, minPerS: 0, windowS: 10 } },
    };
    r.series = r.series.map((p, i) => ({ ...p, retry: { retries: i === 20 ? 1000 : 0, budgetDenied: 0, gaveUp: 0 } }));
    r.summary.retry = { logical: 20_000, attempts: 56_000, retries: 36_000, budgetDenied: 120, gaveUp: 4_000, amplification: 2.8 };
    r.summary.recovery = { recovered: false, seconds: null, reason: 'sustained by retries: 2.8 attempts per request in the last 5 s' };
    const t = reportTables(r);
    expect(row(t.headline, 'Client retries (attempts ÷ requests)')).toEqual({
      text: '2.8×: 56,000 attempts for 20,000 requests, 36,000 retries, 120 denied by the budget, 4,000 gave up',
      tone: 'warn',
    });
    expect(row(t.headline, 'Recovery')?.text).toBe('did not recover: sustained by retries: 2.8 attempts per request in the last 5 s');
    expect(t.cards.find((c) => c.label === 'Recovery')?.note).toContain('sustained by retries');
    expect(t.setup).toContain(
      'Client retries: up to 5 attempts on 503, timeout, backoff exponential 100 ms × 2 up to 2,000 ms, jitter full, budget 10.0% of requests',
    );
    const sentPlain = Number(plain.reconciliation.rows[0]?.[1]?.text.replace(/,/g, ''));
    expect(t.reconciliation.rows[0]?.map((c) => c.text).slice(0, 2)).toEqual([
      'Attempts sent (requests + retries) → origin arrivals',
      (sentPlain + 1000).toLocaleString('en-US'),
    ]);
  });

  it('reconciliation explains coalescing and cache-generated 503s', () => {
    const r = fixture();
    r.summary.origin = { ...r.summary.origin, arrivals: 1000, rejected503: 100 };
    const t = reportTables(r);
    expect(t.reconciliation.rows[1]?.map((c) => c.text)).toEqual(['Cache misses + passes → origin arrivals', '4,314', '1,000', '+3,314']);
    expect(t.reconciliationNotes).toEqual([
      '3,314 client misses/passes did not reach the origin: request coalescing shared fetches (or requests failed inside the cache).',
      '360 client 503s were not sent by the origin: the cache generated them (backend fetch failures, timeouts or its own limits).',
    ]);
  });

  it('events are listed in time order, relative to the first bucket', () => {
    const r = fixture();
    const t0 = r.series[0]!.t;
    r.events = [
      { t: t0 + 30_000, action: 'b', detail: { n: 1, o: { deep: true } } },
      { t: t0 + 1_500, action: 'a', detail: {}, kind: 'phase' },
    ];
    expect(reportTables(r).events.rows.map((row) => row.map((c) => c.text))).toEqual([
      ['+1.50 s', 'a', 'phase', ''],
      ['+30.00 s', 'b', 'action', 'n=1, o={"deep":true}'],
    ]);
  });
});

describe('formatFailure', () => {
  it.each([
    [{ metric: 'recovery.seconds', op: '<=', limit: 15, actual: 22.41234 }, 'recovery.seconds <= 15 (actual 22.41)'],
    [{ metric: 'recovery.recovered', op: '==', limit: true, actual: false }, 'recovery.recovered == true (actual false)'],
    [{ metric: 'amplification', op: '<', limit: 10, actual: null }, 'amplification < 10 (actual null)'],
  ])('%j', (f, text) => {
    expect(formatFailure(f)).toBe(text);
  });
});
