import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readReport } from '../record/report-json.js';
import type { RepeatMetricStats, Report } from '../record/report.js';
import { ReportFileError } from '../record/report-file-error.js';
import { GateError } from './gate-error.js';
import { gateReports, type GateResult } from './gate-reports.js';
import type { RowVerdict } from './judge-metric.js';
import { parseTolerances } from './parse-tolerance.js';

const FIXTURE = readFileSync(new URL('../report/fixtures/global-purge.report.json', import.meta.url), 'utf8');

/** The fixture run (460 503s of 30,000, recovered in 11.75 s, amplification 18.44) as baseline or current. */
function report(runId: string, edit: (r: Report) => void = () => {}): Report {
  const r = readReport(FIXTURE, 'global-purge.report.json');
  r.runId = runId;
  edit(r);
  return r;
}

function with503(count: number) {
  return (r: Report) => {
    r.summary.status['503'] = count;
    r.summary.status['2xx'] = r.summary.responses - count;
    r.summary.rate503 = count / r.summary.responses;
  };
}

const notRecovered = (r: Report) => {
  r.summary.recovery = { recovered: false, seconds: null };
};

/** Repeat statistics from per-run values (median/min/max/mad filled in, as `stampede run --repeat` would). */
function repeat(metrics: Record<string, (number | null)[]>): Report['repeat'] {
  const n = Object.values(metrics)[0]?.length ?? 1;
  const stats: Record<string, RepeatMetricStats> = {};
  for (const [m, values] of Object.entries(metrics)) {
    const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
    const mid = known.length === 0 ? null : (known[(known.length - 1) >> 1]! + known[known.length >> 1]!) / 2;
    const dev = mid === null ? [] : known.map((v) => Math.abs(v - mid)).sort((a, b) => a - b);
    stats[m] = {
      median: mid,
      min: known[0] ?? null,
      max: known.at(-1) ?? null,
      mad: mid === null ? null : (dev[(dev.length - 1) >> 1]! + dev[dev.length >> 1]!) / 2,
      values,
    };
  }
  return { n, metrics: stats };
}

function verdicts(result: GateResult): Record<string, RowVerdict> {
  return Object.fromEntries(result.rows.map((r) => [r.metric, r.verdict]));
}

interface Case {
  name: string;
  baseline?: (r: Report) => void;
  current: (r: Report) => void;
  tolerances?: string[];
  pass: boolean;
  /** verdicts of the rows named; every gated row not named must be ok */
  expect: Record<string, RowVerdict>;
  note?: [string, string];
}

const cases: Case[] = [
  { name: 'no regression: the same run again', current: () => {}, pass: true, expect: {} },
  {
    name: '503 regression: 460 -> 700 (+52%)',
    current: with503(700),
    pass: false,
    expect: { rate503: 'regression', 'status.503': 'regression' },
  },
  { name: '503s within the tolerance: 460 -> 560 (+22%)', current: with503(560), pass: true, expect: {} },
  { name: 'fewer 503s: 460 -> 200 is an improvement', current: with503(200), pass: true, expect: { rate503: 'improvement', 'status.503': 'improvement' } },
  { name: '0 -> 3 503s is noise, not "infinitely worse"', baseline: with503(0), current: with503(3), pass: true, expect: {} },
  { name: '0 -> 20 503s: the count floor (10) is passed', baseline: with503(0), current: with503(20), pass: false, expect: { 'status.503': 'regression', rate503: 'ok' } },
  {
    name: 'recovery lost: recovered -> did not recover',
    current: notRecovered,
    pass: false,
    expect: { 'recovery.recovered': 'regression', 'recovery.seconds': 'regression' },
    note: ['recovery.seconds', 'never in the current report'],
  },
  { name: 'recovery gained is an improvement', baseline: notRecovered, current: () => {}, pass: true, expect: { 'recovery.recovered': 'improvement', 'recovery.seconds': 'improvement' } },
  { name: 'neither recovered: unchanged', baseline: notRecovered, current: notRecovered, pass: true, expect: { 'recovery.recovered': 'ok', 'recovery.seconds': 'ok' } },
  {
    name: 'recovery 11.75 s -> 14.5 s: within max(25%, 3 s)',
    current: (r) => (r.summary.recovery.seconds = 14.5),
    pass: true,
    expect: { 'recovery.seconds': 'ok' },
  },
  {
    name: 'recovery 11.75 s -> 15 s: beyond max(25%, 3 s)',
    current: (r) => (r.summary.recovery.seconds = 15),
    pass: false,
    expect: { 'recovery.seconds': 'regression' },
  },
  {
    name: 'latency change ignored by default (information)',
    current: (r) => (r.summary.latencyMs.incident.p99 *= 3),
    pass: true,
    expect: { 'latencyMs.incident.p99': 'info' },
  },
  {
    name: 'latency gated when named with --tolerance',
    current: (r) => (r.summary.latencyMs.incident.p99 *= 1.3),
    tolerances: ['latencyMs.incident.p99=20%'],
    pass: false,
    expect: { 'latencyMs.incident.p99': 'regression' },
  },
  {
    name: 'hit ratio: lower is worse',
    current: (r) => (r.summary.hitRatio.min = 0.02),
    tolerances: ['hitRatio.min=50%'],
    pass: false,
    expect: { 'hitRatio.min': 'regression' },
  },
  {
    name: '--tolerance off stops gating a default metric',
    current: (r) => (r.summary.amplification = 40),
    tolerances: ['amplification=off'],
    pass: true,
    expect: { amplification: 'info' },
  },
  {
    name: 'a tighter --tolerance turns a small rise into a regression',
    current: (r) => (r.summary.origin.arrivals = 4800),
    tolerances: ['origin.arrivals=5%'],
    pass: false,
    expect: { 'origin.arrivals': 'regression' },
  },
  {
    name: 'a gated metric the current run lacks fails (cannot be verified)',
    current: (r) => (r.summary.amplification = null),
    pass: false,
    expect: { amplification: 'missing' },
    note: ['amplification', 'no value in the current report'],
  },
  {
    name: 'repeat: a rise beyond the tolerance but within 3 × MAD is noise',
    baseline: (r) => (r.repeat = repeat({ rate503: [0.01, 0.013, 0.0153, 0.02, 0.025] })),
    current: (r) => (r.repeat = repeat({ rate503: [0.012, 0.016, 0.0205, 0.024, 0.03] })),
    pass: true,
    expect: { rate503: 'ok' },
    note: ['rate503', 'within noise: beyond the tolerance, within the repeat spread'],
  },
  {
    name: 'repeat: a rise beyond 3 × MAD is a regression',
    baseline: (r) => (r.repeat = repeat({ rate503: [0.015, 0.0152, 0.0153, 0.0155, 0.016] })),
    current: (r) => (r.repeat = repeat({ rate503: [0.02, 0.021, 0.0215, 0.022, 0.023] })),
    pass: false,
    expect: { rate503: 'regression' },
  },
  {
    name: 'repeat: medians, not the single summary value, are compared',
    baseline: (r) => (r.repeat = repeat({ 'status.503': [440, 450, 460, 470, 480] })),
    current: (r) => {
      with503(900)(r); // one bad run's summary
      r.repeat = repeat({ 'status.503': [430, 455, 465, 900, 470] });
    },
    pass: false, // rate503 has no repeat entry: its single value is compared
    expect: { 'status.503': 'ok', rate503: 'regression' },
  },
  {
    name: 'repeat: recovered in 2 of 5 runs after 5 of 5 is a regression',
    baseline: (r) => (r.repeat = repeat({ 'recovery.recovered': [1, 1, 1, 1, 1], 'recovery.seconds': [11, 11.5, 11.75, 12, 12.5] })),
    current: (r) => (r.repeat = repeat({ 'recovery.recovered': [1, 0, 0, 1, 0], 'recovery.seconds': [12, null, null, 11.5, null] })),
    pass: false,
    expect: { 'recovery.recovered': 'regression', 'recovery.seconds': 'regression' },
  },
  {
    name: 'repeat: one run in five not recovering does not move the median',
    baseline: (r) => (r.repeat = repeat({ 'recovery.recovered': [1, 1, 1, 1, 1], 'recovery.seconds': [11, 11.5, 11.75, 12, 12.5] })),
    current: (r) => (r.repeat = repeat({ 'recovery.recovered': [1, 1, 0, 1, 1], 'recovery.seconds': [11, 12, null, 11.5, 12.25] })),
    pass: true,
    expect: { 'recovery.recovered': 'ok', 'recovery.seconds': 'ok' },
  },
];

describe('gateReports on fixed report pairs', () => {
  test.each(cases)('$name', (c) => {
    const result = gateReports(report('baseline-run', c.baseline), report('current-run', c.current), {
      tolerances: parseTolerances(c.tolerances ?? []),
    });
    const got = verdicts(result);
    for (const [metric, verdict] of Object.entries(c.expect)) expect(got[metric], metric).toBe(verdict);
    for (const row of result.rows) {
      if (row.gated && !(row.metric in c.expect)) expect(row.verdict, row.metric).toBe('ok');
    }
    expect(result.pass).toBe(c.pass);
    expect(result.failed).toEqual(result.rows.filter((r) => r.verdict === 'regression' || r.verdict === 'missing').map((r) => r.metric));
    if (c.note) expect(result.rows.find((r) => r.metric === c.note![0])?.note).toBe(c.note[1]);
  });

  test('rows: default gated metrics in order, then --tolerance metrics, then information', () => {
    const result = gateReports(report('b'), report('c'), { tolerances: parseTolerances(['latencyMs.incident.p99=20%', 'rewarm.seconds=off']) });
    expect(result.rows.map((r) => [r.metric, r.gated])).toEqual([
      ['rate503', true],
      ['status.503', true],
      ['origin.arrivals', true],
      ['amplification', true],
      ['recovery.recovered', true],
      ['recovery.seconds', true],
      ['latencyMs.incident.p99', true],
      ['rewarm.seconds', false],
      ['peak503PerSec', false],
      ['hitRatio.baseline', false],
      ['hitRatio.min', false],
      ['latencyMs.baseline.p99', false],
      ['latencyMs.after.p99', false],
    ]);
  });

  test('the limit is baseline + max(25% of it, the floor)', () => {
    const result = gateReports(report('b'), report('c'));
    const row = (m: string) => result.rows.find((r) => r.metric === m)!;
    expect(row('status.503').limit).toBe(575); // 460 + 115
    expect(row('recovery.seconds').limit).toBe(14.75); // 11.75 + max(2.94, 3)
    expect(row('recovery.recovered').limit).toBe(true);
    expect(row('latencyMs.incident.p99').limit).toBeNull();
  });
});

describe('comparability', () => {
  test.each<[string, (r: Report) => void, string]>([
    ['scenario', (r) => (r.scenario.name = 'ttl-expiry'), 'the scenarios differ: baseline global-purge, current ttl-expiry'],
    ['cache kind', (r) => (r.cache.kind = 'nginx'), 'the cache kinds differ: baseline varnish, current nginx'],
    ['cut short', (r) => (r.interrupted = { reason: 'SIGINT', at: 0 }), 'the current run was cut short (SIGINT): its counts cover only part of the run'],
  ])('%s mismatch is a usage error naming both sides', (_, edit, problem) => {
    let error: unknown;
    try {
      gateReports(report('b'), report('c', edit));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GateError);
    expect((error as GateError).code).toBe('STAMPEDE_USAGE');
    expect((error as GateError).kind).toBe('mismatch');
    expect((error as GateError).problems).toEqual([problem]);
    expect((error as Error).message).toContain('--allow-mismatch');
  });

  test('allowMismatch compares anyway and keeps the mismatch as a note', () => {
    const result = gateReports(report('b'), report('c', (r) => (r.scenario.name = 'ttl-expiry')), { allowMismatch: true });
    expect(result.pass).toBe(true);
    expect(result.notes).toEqual(['compared anyway (--allow-mismatch): the scenarios differ: baseline global-purge, current ttl-expiry']);
  });

  test('other differences are notes that do not stop the gate', () => {
    const result = gateReports(
      report('b'),
      report('c', (r) => {
        r.load.rate = 400;
        r.origin.concurrency = 16;
        r.summary.generator.saturated = true;
      }),
    );
    expect(result.notes).toEqual([
      'the load rates differ (baseline 500/s, current 400/s): counts scale with load',
      'the origin capacities differ (baseline 32 slots + queue 64, current 16 + 64)',
      "the current run's load generator was saturated: it sent less than scheduled, so its counts may be low",
    ]);
  });

  test('malformed repeat statistics name the report and the path', () => {
    const bad = report('c', (r) => {
      r.repeat = repeat({ rate503: [0.01, 0.02] });
      (r.repeat as { n: number }).n = 3;
    });
    expect(() => gateReports(report('b'), bad, { sources: { baseline: 'a.json', current: 'b.json' } })).toThrow(ReportFileError);
    expect(() => gateReports(report('b'), bad, { sources: { baseline: 'a.json', current: 'b.json' } })).toThrow(
      'b.json: invalid repeat statistics (1 problem):\n  - repeat.metrics.rate503.values: has 2 values for n = 3 runs',
    );
  });
});
