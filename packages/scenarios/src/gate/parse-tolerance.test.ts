import { describe, expect, test } from 'vitest';
import { GateError } from './gate-error.js';
import { parseTolerance, parseTolerances, type ToleranceSetting } from './parse-tolerance.js';

describe('parseTolerance', () => {
  test.each<[string, string, ToleranceSetting]>([
    ['rate503=10%', 'rate503', { relative: 0.1, absolute: 0.001 }],
    ['summary.rate503=10%', 'rate503', { relative: 0.1, absolute: 0.001 }],
    ['rate503=0.5pp', 'rate503', { relative: 0, absolute: 0.005 }],
    ['rate503=0.005', 'rate503', { relative: 0, absolute: 0.005 }],
    ['rate503 = 10% , 0.2pp', 'rate503', { relative: 0.1, absolute: 0.002 }],
    ['status.503=25%,20', 'status.503', { relative: 0.25, absolute: 20 }],
    ['status.503=20,25%', 'status.503', { relative: 0.25, absolute: 20 }],
    ['status.503=0', 'status.503', { relative: 0, absolute: 0 }],
    ['recovery.seconds=3s', 'recovery.seconds', { relative: 0, absolute: 3 }],
    ['recovery.seconds=3', 'recovery.seconds', { relative: 0, absolute: 3 }],
    ['recovery.seconds=1500ms', 'recovery.seconds', { relative: 0, absolute: 1.5 }],
    ['rewarm.seconds=.5S', 'rewarm.seconds', { relative: 0, absolute: 0.5 }],
    ['latencyMs.incident.p99=20%', 'latencyMs.incident.p99', { relative: 0.2, absolute: 5 }],
    ['latencyMs.incident.p99=20ms', 'latencyMs.incident.p99', { relative: 0, absolute: 20 }],
    ['latencyMs.after.p99=0.5s', 'latencyMs.after.p99', { relative: 0, absolute: 500 }],
    ['amplification=1.5x', 'amplification', { relative: 0, absolute: 1.5 }],
    ['peak503PerSec=10/s', 'peak503PerSec', { relative: 0, absolute: 10 }],
    ['amplification=off', 'amplification', 'off'],
    ['recovery.recovered=OFF', 'recovery.recovered', 'off'],
    ['hitRatio.min=10%', 'hitRatio.min', { relative: 0.1, absolute: 0.001 }],
  ])('%s', (text, metric, setting) => {
    expect(parseTolerance(text)).toEqual({ ok: true, flag: { metric, setting, source: text } });
  });

  test.each([
    // typos and unknown names: the closest metric is suggested
    ['rtae503=10%', 'names unknown metric rtae503; did you mean rate503?'],
    ['rate_503=10%', 'names unknown metric rate_503; did you mean rate503?'],
    ['recovery.secs=3s', 'names unknown metric recovery.secs; did you mean recovery.seconds?'],
    ['latencyMs.incidnet.p99=20%', 'names unknown metric latencyMs.incidnet.p99; did you mean latencyMs.incident.p99?'],
    ['503=10', 'names unknown metric 503; did you mean status.503?'],
    ['seconds=3', 'names unknown metric seconds; did you mean recovery.seconds or rewarm.seconds?'],
    ['throughput=10%', 'names unknown metric throughput (gated by default: rate503, status.503,'],
    ['latencyMs.incident=20%', 'names latencyMs.incident, a group, not a metric: use one of latencyMs.incident.p50,'],
    // shape
    ['rate503', 'is not METRIC=VALUE: e.g. rate503=10%'],
    ['rate503:10%', 'is not METRIC=VALUE'],
    ['=10%', 'has no metric before "="'],
    ['rate503=', 'has no value after "=": give N% (of the baseline value), an absolute amount such as 0.5pp or 0.005'],
    // values
    ['rate503=ten%', 'value "ten%" is not a tolerance'],
    ['rate503=10%%', 'value "10%%" is not a tolerance'],
    ['rate503=-10%', 'value "-10%" is negative'],
    ['rate503=10%,20%', 'value "10%,20%" gives two percentages'],
    ['status.503=3,4', 'value "3,4" gives two absolute amounts'],
    ['rate503=3s', 'unit "s" does not fit rate503, a ratio: write an absolute amount as 0.5pp or 0.005'],
    ['recovery.seconds=3pp', 'unit "pp" does not fit recovery.seconds, in seconds: write an absolute amount as 3s, 500ms or 3'],
    ['status.503=3s', 'unit "s" does not fit status.503, a count'],
    ['recovery.recovered=10%', 'recovery.recovered is true/false and compared exactly: the only value it takes is off'],
    ['generator.saturated=true', 'generator.saturated is true/false'],
  ])('%s is refused: %s', (text, problem) => {
    const r = parseTolerance(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problem).toContain(problem);
  });
});

describe('parseTolerances', () => {
  test('keeps flag order', () => {
    expect(parseTolerances(['recovery.seconds=3s', 'rate503=10%']).map((f) => f.metric)).toEqual(['recovery.seconds', 'rate503']);
  });

  test('reports every bad flag at once, naming each, as a usage error', () => {
    let error: unknown;
    try {
      parseTolerances(['rtae503=10%', 'rate503=5%', 'rate503=10%', 'recovery.seconds=soon']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GateError);
    const e = error as GateError;
    expect(e.code).toBe('STAMPEDE_USAGE');
    expect(e.kind).toBe('tolerance');
    expect(e.problems).toEqual([
      '--tolerance "rtae503=10%" names unknown metric rtae503; did you mean rate503?',
      '--tolerance "rate503=10%" repeats rate503 (already "rate503=5%"): give each metric once',
      expect.stringContaining('--tolerance "recovery.seconds=soon" value "soon" is not a tolerance'),
    ]);
    expect(e.message).toMatch(/^invalid --tolerance \(3 problems\):|^invalid --tolerance:/);
  });
});
