import { describe, expect, test } from 'vitest';
import { buildComparison, type ComparisonInput } from './comparison.js';
import { loadStart } from './load-start.js';
import { twoRuns } from './testing/two-runs.js';

function input(edit: (i: ComparisonInput) => void = () => {}): ComparisonInput {
  const { a, b } = twoRuns();
  const i: ComparisonInput = {
    id: 'cmp',
    createdAt: '2026-01-01T00:00:00.000Z',
    toolVersion: '0.1.0',
    a: { config: 'embedded:coalescing=off', description: 'embedded, coalescing off', report: a, loadStart: loadStart(a) },
    b: { config: 'embedded:coalescing=on', description: 'embedded, coalescing on', report: b, loadStart: loadStart(b) },
  };
  edit(i);
  return i;
}

describe('buildComparison', () => {
  test('both sides, their report folders and verdicts; the rows', () => {
    const c = buildComparison(input());
    expect(c.schema).toBe('stampede.compare/v1');
    expect(c.scenario.name).toBe('global-purge');
    expect(c.a).toMatchObject({ config: 'embedded:coalescing=off', runId: 'cmp-a', dir: 'a', interrupted: null, verdict: { pass: false } });
    expect(c.b).toMatchObject({ config: 'embedded:coalescing=on', runId: 'cmp-b', dir: 'b', verdict: { pass: true } });
    expect(c.a.loadStart).toBe(twoRuns().a.series[0]!.t + 500);
    expect(c.rows.length).toBeGreaterThan(10);
    expect(c.notes).toEqual([]);
  });

  test.each<[string, (i: ComparisonInput) => void, string]>([
    ['a run cut short', (i) => (i.b.report.interrupted = { reason: 'interrupted by SIGINT', at: 1 }), 'B was cut short (interrupted by SIGINT): its counts cover only part of the run.'],
    ['a saturated generator', (i) => (i.a.report.summary.generator.saturated = true), "A's load generator was saturated: it sent less than scheduled, so its counts may be low."],
    ['no fault', (i) => (i.a.report.summary.windows = { baseline: null, fault: null, recoveredAt: null }), 'A saw no fault: recovery and amplification have no value.'],
    ['different rates', (i) => (i.b.report.load.rate = 999), 'The load rates differ (A 500/s, B 999/s): counts scale with load.'],
    ['different caches', (i) => (i.b.report.cache.kind = 'nginx'), "Different caches (A varnish, B nginx): the comparison includes each cache's own overhead."],
  ])('notes %s', (_, edit, note) => {
    expect(buildComparison(input(edit)).notes).toContain(note);
  });
});
