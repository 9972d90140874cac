import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReport } from './json.js';
import type { Report } from './model.js';
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
