import { describe, expect, test } from 'vitest';
import type { Report } from '../record/report.js';
import { COMPARED_METRICS, compareRows, type CompareRow } from './compare-rows.js';
import { originArrivalsAfterFault } from './origin-after-fault.js';
import { FIXTURE, twoRuns } from './testing/two-runs.js';

/** The fixture with summary fields set; `edit` writes into a structured clone. */
function run(edit: (r: Report) => void): Report {
  const r = structuredClone(FIXTURE);
  edit(r);
  return r;
}

const rowOf = (a: Report, b: Report, metric: string): CompareRow => compareRows(a, b).find((r) => r.metric === metric)!;

describe('compareRows', () => {
  test('one row per compared metric, in order', () => {
    const { a, b } = twoRuns();
    expect(compareRows(a, b).map((r) => r.metric)).toEqual([...COMPARED_METRICS]);
  });

  test.each<[string, string, (r: Report) => void, (r: Report) => void, Partial<CompareRow>]>([
    ['fewer 503s is better', 'rate503', (r) => (r.summary.rate503 = 0.02), (r) => (r.summary.rate503 = 0.005), {
      delta: expect.closeTo(-0.015, 12), relative: expect.closeTo(-0.75, 12), outcome: 'better', text: { a: '2%', b: '0.5%', change: '-1.5pp (-75%)' },
    }],
    ['more 503s from none: no relative change', 'rate503', (r) => (r.summary.rate503 = 0), (r) => (r.summary.rate503 = 0.01), {
      relative: null, outcome: 'worse', text: { a: '0%', b: '1%', change: '+1pp (from 0)' },
    }],
    ['a lower hit ratio is worse', 'hitRatio.min', (r) => (r.summary.hitRatio.min = 0.8), (r) => (r.summary.hitRatio.min = 0.6), {
      outcome: 'worse', text: { a: '80%', b: '60%', change: '-20pp (-25%)' },
    }],
    ['under 1% of A reads as the same', 'recovery.seconds', (r) => (r.summary.recovery.seconds = 2.998), (r) => (r.summary.recovery.seconds = 2.999), {
      outcome: 'same',
    }],
    ['now never recovers: worse', 'recovery.seconds', () => {}, (r) => (r.summary.recovery = { recovered: false, seconds: null }), {
      delta: null, outcome: 'worse', text: { a: '11.75 s', b: 'never', change: 'now never' },
    }],
    ['recovers where A never did: better', 'recovery.seconds', (r) => (r.summary.recovery = { recovered: false, seconds: null }), () => {}, {
      outcome: 'better', text: { a: 'never', b: '11.75 s', change: 'was never' },
    }],
    ['true -> false on a lower-is-worse boolean', 'recovery.recovered', () => {}, (r) => (r.summary.recovery = { recovered: false, seconds: null }), {
      outcome: 'worse', text: { a: 'true', b: 'false', change: 'true → false' },
    }],
    ['a saturated generator is worse', 'generator.saturated', () => {}, (r) => (r.summary.generator.saturated = true), {
      outcome: 'worse', text: { a: 'false', b: 'true', change: 'false → true' },
    }],
    ['absent on both sides', 'amplification', (r) => (r.summary.amplification = null), (r) => (r.summary.amplification = null), {
      outcome: 'same', text: { a: 'n/a', b: 'n/a', change: 'n/a' },
    }],
    ['absent on one side only: nothing to judge', 'amplification', () => {}, (r) => (r.summary.amplification = null), {
      outcome: 'n/a', text: { a: '18.4×', b: 'n/a', change: 'n/a' },
    }],
  ])('%s', (_, metric, editA, editB, expected) => {
    expect(rowOf(run(editA), run(editB), metric)).toMatchObject(expected);
  });

  test('origin arrivals after the fault: from the bucket the fault fell in', () => {
    const { a, b } = twoRuns();
    const row = rowOf(a, b, 'origin.arrivalsAfterFault');
    expect(row.a).toBe(originArrivalsAfterFault(a));
    expect(row.outcome).toBe('better');
    expect(row.b as number).toBeLessThan(row.a as number);
  });
});

describe('originArrivalsAfterFault', () => {
  test('sums the buckets that end after the fault', () => {
    const r = structuredClone(FIXTURE);
    const fault = r.summary.windows!.fault!;
    const expected = r.series.filter((p) => p.t + 1000 > fault).reduce((n, p) => n + p.origin.arrivals, 0);
    expect(originArrivalsAfterFault(r)).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(r.summary.origin.arrivals);
  });

  test('no fault: null', () => {
    const r = structuredClone(FIXTURE);
    r.summary.windows = { baseline: null, fault: null, recoveredAt: null };
    expect(originArrivalsAfterFault(r)).toBeNull();
  });
});
