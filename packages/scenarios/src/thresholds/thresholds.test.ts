import { describe, expect, it } from 'vitest';
import type { ReportSummary } from '../record/report.js';
import { SpecError } from '../scenario-spec/errors.js';
import { evaluateThresholds } from './evaluate.js';
import { METRIC_PATHS, METRICS, metricValue } from './metrics.js';
import { parseThreshold, parseThresholds } from './parse.js';

const latency = { p50: 5, p90: 20, p99: 80, p999: 200, max: 900 };
const summary: ReportSummary = {
  requests: 10_000,
  responses: 9_990,
  dropped: 0,
  status: { '2xx': 9_900, '503': 90, '5xx': 0, '4xx': 0, timeout: 10, connError: 0 },
  rate503: 0.009,
  peak503PerSec: 60,
  latencyMs: { all: latency, baseline: { ...latency, p99: 40 }, incident: { ...latency, p99: 650 }, after: latency },
  recovery: { recovered: true, seconds: 7.5 },
  rewarm: { seconds: null },
  amplification: 4.2,
  hitRatio: { baseline: 0.93, min: 0.1 },
  origin: { arrivals: 3000, rejected503: 90, peakInflight: 6, peakQueue: 32 },
  generator: { saturated: false, scheduleLagP99Ms: 1.5 },
};

describe('parseThreshold', () => {
  it.each([
    ['rate503 < 0.01', 'rate503', '<', 0.01],
    ['rate503<0.01', 'rate503', '<', 0.01],
    ['  summary.rate503 <= 0.05 ', 'rate503', '<=', 0.05],
    ['recovery.seconds < 15', 'recovery.seconds', '<', 15],
    ['latencyMs.incident.p99 < 500', 'latencyMs.incident.p99', '<', 500],
    ['amplification < 5', 'amplification', '<', 5],
    ['recovery.recovered == true', 'recovery.recovered', '==', true],
    ['generator.saturated != true', 'generator.saturated', '!=', true],
    ['status.503 == 0', 'status.503', '==', 0],
    ['hitRatio.min >= .5', 'hitRatio.min', '>=', 0.5],
    ['peak503PerSec > -1e3', 'peak503PerSec', '>', -1000],
  ])('%j', (text, metric, op, limit) => {
    expect(parseThreshold(text)).toEqual({ ok: true, threshold: { metric, op, limit, source: text } });
  });

  it.each([
    ['rate_503 < 0.01', 'names unknown metric rate_503; did you mean rate503?'],
    ['recovery.second < 15', 'names unknown metric recovery.second: recovery has recovered, seconds; did you mean recovery.seconds?'],
    ['latencyMs.incident.p100 < 500', 'latencyMs.incident has p50, p90, p99, p999, max'],
    ['latencyMs.during.p99 < 500', 'names unknown metric latencyMs.during.p99'],
    ['summary.ratee503 < 1', 'did you mean rate503?'],
    ['throughput > 100', 'names unknown metric throughput (metrics: rate503, amplification'],
    ['latencyMs.incident < 500', 'names latencyMs.incident, a group, not a metric: use one of latencyMs.incident.p50'],
    ['windows.fault > 0', 'names unknown metric windows.fault'],
    ['rate503 << 0.01', 'uses unknown operator "<<": use one of < <= > >= == !='],
    ['rate503 = 0.01', 'uses unknown operator "="'],
    ['rate503 =< 0.01', 'uses unknown operator "=<"'],
    ['rate503 <', 'has no limit after "<": write rate503 < <number>'],
    ['recovery.recovered ==', 'has no limit after "==": write recovery.recovered == true'],
    ['rate503 0.01', 'has no operator after rate503'],
    ['rate503', 'has no operator after rate503'],
    ['< 0.01', 'has no metric before the operator'],
    ['', 'is empty: write <metric> <op> <limit>'],
    ['rate503 < low', 'has limit "low", which is not a number'],
    ['rate503 < 1%', 'has limit "1%", which is not a number'],
    ['rate503 < true', 'compares rate503, a number, with true: give a number'],
    ['recovery.recovered < 1', 'compares recovery.recovered, a true/false metric, with 1: use true or false'],
    ['recovery.recovered > false', 'compares recovery.recovered, a true/false metric, with ">": use == or !='],
  ])('%j is refused: %s', (text, problem) => {
    const r = parseThreshold(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain(problem);
  });

  it('parses a list or reports every bad entry at once', () => {
    expect(parseThresholds(['rate503 < 0.01', 'amplification < 5'])).toHaveLength(2);
    try {
      parseThresholds(['rate503 < 0.01', 'rate_503 < 1', 'amplification <']);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SpecError);
      expect((err as SpecError).code).toBe('STAMPEDE_SPEC');
      expect((err as SpecError).problems).toEqual([
        'thresholds[1] names unknown metric rate_503; did you mean rate503? (got "rate_503 < 1")',
        'thresholds[2] has no limit after "<": write amplification < <number> (got "amplification <")',
      ]);
    }
  });
});

describe('metrics', () => {
  it('lists every summary leaf, each readable from a full summary with its declared type', () => {
    expect(METRIC_PATHS).toHaveLength(11 + 20 + 13 + 5 + 6); // + retry.{logical,attempts,retries,budgetDenied,gaveUp,amplification}
    for (const path of METRIC_PATHS) {
      const v = metricValue(summary, path);
      const info = METRICS[path];
      if (v === null) expect(info.nullable, path).toBe(true);
      else expect(typeof v, path).toBe(info.type);
    }
  });

  it('reads an absent additive group as null', () => {
    expect(metricValue(summary, 'baseline.p99Ms')).toBeNull();
    expect(metricValue({ ...summary, baseline: { p99Ms: 40, errorRate: 0, hitRatio: null, originRatePerS: 20 } }, 'baseline.p99Ms')).toBe(40);
  });
});

describe('evaluateThresholds', () => {
  it.each([
    ['rate503 < 0.01', null],
    ['rate503 < 0.005', { metric: 'rate503', op: '<', limit: 0.005, actual: 0.009 }],
    ['rate503 <= 0.009', null],
    ['summary.rate503 > 0.009', { metric: 'rate503', op: '>', limit: 0.009, actual: 0.009 }],
    ['recovery.seconds < 15', null],
    ['recovery.seconds >= 8', { metric: 'recovery.seconds', op: '>=', limit: 8, actual: 7.5 }],
    ['latencyMs.incident.p99 < 500', { metric: 'latencyMs.incident.p99', op: '<', limit: 500, actual: 650 }],
    ['amplification < 5', null],
    ['recovery.recovered == true', null],
    ['recovery.recovered != true', { metric: 'recovery.recovered', op: '!=', limit: true, actual: true }],
    ['generator.saturated == false', null],
    ['status.503 == 90', null],
    ['status.503 != 90', { metric: 'status.503', op: '!=', limit: 90, actual: 90 }],
    // null never passes, whatever the operator
    ['rewarm.seconds < 10', { metric: 'rewarm.seconds', op: '<', limit: 10, actual: null }],
    ['rewarm.seconds != 10', { metric: 'rewarm.seconds', op: '!=', limit: 10, actual: null }],
    ['baseline.p99Ms < 100', { metric: 'baseline.p99Ms', op: '<', limit: 100, actual: null }],
  ])('%j', (text, failure) => {
    expect(evaluateThresholds([text], summary)).toEqual(failure === null ? [] : [failure]);
  });

  it('fails a numeric threshold when the run did not recover (seconds is null)', () => {
    const stuck = { ...summary, recovery: { recovered: false, seconds: null } };
    expect(evaluateThresholds(['recovery.seconds < 15', 'recovery.recovered == true'], stuck)).toEqual([
      { metric: 'recovery.seconds', op: '<', limit: 15, actual: null },
      { metric: 'recovery.recovered', op: '==', limit: true, actual: false },
    ]);
  });

  it('accepts parsed thresholds and keeps their order', () => {
    const parsed = parseThresholds(['amplification < 1', 'rate503 < 0.001']);
    expect(evaluateThresholds(parsed, summary).map((f) => f.metric)).toEqual(['amplification', 'rate503']);
  });

  it('throws on a bad threshold instead of passing silently', () => {
    expect(() => evaluateThresholds(['rate_503 < 0.01'], summary)).toThrow(SpecError);
  });
});
