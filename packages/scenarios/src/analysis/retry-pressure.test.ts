import { describe, expect, it } from 'vitest';
import type { ReportEvent, SeriesPoint } from '../record/report.js';
import { exactHistogramOps, encodeExact } from '../record/testing/exact-histogram-ops.js';
import { repeat, syntheticSeries, type SyntheticBucket } from '../record/testing/synthetic-series.js';
import { analyze } from './analyze.js';
import { retryPressure, retryTotals, sustainedByRetries } from './retry-pressure.js';

const T = 1_700_000_000_000;
const calm: SyntheticBucket = { responses: 500, hitRatio: 0.95, p50Ms: 2, p99Ms: 8 };
const storm: SyntheticBucket = { responses: 1500, hitRatio: 0.1, rate503: 0.6, p50Ms: 300, p99Ms: 900 };
const purgeAt = (s: number): ReportEvent[] => [{ t: T + s * 1000, action: 'purge-all', detail: {}, kind: 'action' }];

/**
 * A series whose buckets say how many logical requests (`sent`) and retries they had. `bucket[i]` is
 * [synthetic bucket, logical requests, retries] or a synthetic bucket alone (no retry data at all).
 */
function withRetries(parts: readonly [SyntheticBucket, number, number][]): SeriesPoint[] {
  const points = syntheticSeries(
    parts.map(([b]) => b),
    { t0: T, encode: encodeExact },
  );
  return points.map((p, i) => {
    const [, logical, retries] = parts[i] as [SyntheticBucket, number, number];
    return { ...p, sent: logical, retry: { retries, budgetDenied: 0, gaveUp: Math.round(retries / 4) } };
  });
}
const n = <T>(count: number, x: T): T[] => Array.from({ length: count }, () => x);

describe('retryPressure / sustainedByRetries', () => {
  const at = { faultIndex: 20, windowBuckets: 5, intervalMs: 1000, baseline: { start: 10, end: 20 } };

  it.each([
    // [what, buckets after the fault as [logical, retries], expected attempts/request, sustained?]
    ['a storm: 2.8 attempts per request', n(10, [500, 900] as const), 2.8, true],
    ['retries a third of attempts: 1.5, sustained', n(10, [500, 250] as const), 1.5, true],
    ['a few retries: 1.2, not sustained', n(10, [500, 100] as const), 1.2, false],
    ['the storm ended: the last 5 s count, not the early ones', [...n(5, [500, 2000] as const), ...n(5, [500, 5] as const)], 1.01, false],
    ['the drain (nothing sent) is left out', [...n(5, [500, 900] as const), [0, 400] as const], 2.8, true],
  ] as const)('%s', (_, after, ratio, sustained) => {
    const series = withRetries([...n(20, [calm, 500, 0] as [SyntheticBucket, number, number]), ...after.map(([l, r]) => [storm, l, r] as [SyntheticBucket, number, number])]);
    const p = retryPressure(series, at);
    expect(p?.attemptsPerRequest).toBeCloseTo(ratio, 9);
    expect(p?.windowS).toBe(5);
    expect(p?.baselineAttemptsPerRequest).toBe(1);
    const reason = sustainedByRetries(p);
    if (sustained) expect(reason).toBe(`sustained by retries: ${ratio.toFixed(1)} attempts per request in the last 5 s`);
    else expect(reason).toBeNull();
  });

  it('no retry data (no policy): no pressure, no reason, no totals', () => {
    const series = syntheticSeries([...repeat(20, calm), ...repeat(10, storm)], { t0: T });
    expect(retryPressure(series, at)).toBeNull();
    expect(sustainedByRetries(null)).toBeNull();
    expect(retryTotals(series)).toBeNull();
  });

  it('no more than the baseline already had: not sustained by retries', () => {
    const p = { windowS: 5, retryShareOfOrigin: null, baselineRetryShareOfOrigin: null };
    expect(sustainedByRetries({ ...p, attemptsPerRequest: 2, baselineAttemptsPerRequest: 2 })).toBeNull();
    expect(
      sustainedByRetries({ ...p, attemptsPerRequest: 1.1, baselineAttemptsPerRequest: 1, retryShareOfOrigin: 0.6, baselineRetryShareOfOrigin: 0.6 }),
    ).toBeNull();
  });

  it.each([
    // [what, retries per bucket, origin arrivals per bucket, reason or null]
    ['behind a cache: few attempts per request, but most of the origin traffic is retries', 150, 230, "sustained by retries: 65% of the origin's arrivals were client retries (1.3 attempts per request) in the last 5 s"],
    ['retries a third of the origin traffic: not enough', 50, 150, null],
    ['more retries than arrivals (retries that hit): capped at 100%', 150, 100, "sustained by retries: 100% of the origin's arrivals were client retries (1.3 attempts per request) in the last 5 s"],
  ] as const)('%s', (_, retries, arrivals, reason) => {
    const hot: SyntheticBucket = { ...storm, originArrivals: arrivals };
    const series = withRetries([
      ...n(20, [calm, 500, 0] as [SyntheticBucket, number, number]),
      ...n(10, [hot, 500, retries] as [SyntheticBucket, number, number]),
    ]);
    const p = retryPressure(series, at);
    expect(p?.retryShareOfOrigin).toBeCloseTo(Math.min(1, retries / arrivals), 9);
    expect(p?.attemptsPerRequest).toBeCloseTo((500 + retries) / 500, 9);
    expect(sustainedByRetries(p)).toBe(reason);
  });

  it('no origin traffic in the window (an external origin): the share says nothing', () => {
    const quiet: SyntheticBucket = { ...storm, originArrivals: 0 };
    const series = withRetries([...n(20, [calm, 500, 0] as [SyntheticBucket, number, number]), ...n(10, [quiet, 500, 100] as [SyntheticBucket, number, number])]);
    expect(retryPressure(series, at)?.retryShareOfOrigin).toBeNull();
    expect(sustainedByRetries(retryPressure(series, at))).toBeNull();
  });

  it('totals: logical = first attempts, attempts = logical + retries', () => {
    const series = withRetries([[calm, 100, 0], [storm, 200, 300], [storm, 100, 50]]);
    expect(retryTotals(series)).toEqual({ logical: 400, attempts: 750, retries: 350, budgetDenied: 0, gaveUp: 88, amplification: 1.875 });
  });
});

describe('analyze with client retries', () => {
  const run = (after: readonly [SyntheticBucket, number, number][]) =>
    analyze({
      series: withRetries([...n(20, [calm, 500, 0] as [SyntheticBucket, number, number]), ...after]),
      events: purgeAt(20.3),
      histogramOps: exactHistogramOps,
    });

  it('a storm kept up by retries: not recovered, and the reason says so; summary.retry totals the run', () => {
    const a = run(n(30, [storm, 500, 900]));
    expect(a.summary.recovery).toEqual({
      recovered: false,
      seconds: null,
      reason: 'sustained by retries: 2.8 attempts per request in the last 5 s',
    });
    expect(a.summary.retry).toMatchObject({ logical: 25_000, retries: 27_000, attempts: 52_000 });
    expect(a.summary.retry?.amplification).toBeCloseTo(2.08, 9);
    expect(a.verdict.pass).toBe(false);
  });

  it('a storm that does not recover while clients barely retry: no retry reason', () => {
    const a = run(n(30, [storm, 500, 20]));
    expect(a.summary.recovery).toEqual({ recovered: false, seconds: null });
  });

  it('a storm with retries that recovers: no reason', () => {
    const a = run([...n(8, [storm, 500, 900] as [SyntheticBucket, number, number]), ...n(22, [calm, 500, 2] as [SyntheticBucket, number, number])]);
    expect(a.summary.recovery.recovered).toBe(true);
    expect(a.summary.recovery.reason).toBeUndefined();
  });

  it('the generator own totals win over the series sums', () => {
    const retry = { logical: 1, attempts: 2, retries: 1, budgetDenied: 0, gaveUp: 0, amplification: 2 };
    const a = analyze({
      series: withRetries(n(30, [calm, 500, 0] as [SyntheticBucket, number, number])),
      events: purgeAt(20.3),
      histogramOps: exactHistogramOps,
      load: { requests: 1, dropped: 0, generator: { saturated: false, scheduleLagP99Ms: 0 }, retry },
    });
    expect(a.summary.retry).toEqual(retry);
  });
});
