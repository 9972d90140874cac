import { describe, expect, it } from 'vitest';
import { repeat, syntheticSeries } from '../record/testing/synthetic-series.js';
import { chartData } from './chart-data.js';
import type { Report } from '../record/report.js';

const T = 1_700_000_000_000;
const latency = { p50: 1, p90: 2, p99: 3, p999: 4, max: 5 };
const empty = { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };

function report(over: Partial<Report['summary']> = {}, intervalMs = 1000): Report {
  const series = syntheticSeries([...repeat(3, { responses: 10, rate503: 0.5, originArrivals: 4 }), { responses: 0 }], { t0: T, intervalMs });
  return {
    events: [
      { t: T + 2500, action: 'restart', detail: {}, kind: 'fault' },
      { t: T + 1500, action: 'purge', detail: {} },
    ],
    series,
    startedAt: new Date(T).toISOString(),
    histograms: { all: 'a', baseline: 'b', incident: 'i', after: '' },
    summary: {
      recovery: { recovered: true, seconds: 1.25 },
      hitRatio: { baseline: 0.9, min: 0.1 },
      latencyMs: { all: latency, baseline: latency, incident: latency, after: empty },
      windows: { baseline: { from: T, to: T + 1000 }, fault: T + 1500, recoveredAt: T + 2750 },
      ...over,
    },
  } as unknown as Report;
}

describe('chartData', () => {
  it('time axis: bucket starts plus the end of the last bucket; the last values repeat; the drain is not drawn', () => {
    const d = chartData(report());
    expect(d.x).toEqual([0, 1, 2, 3]);
    expect(d.responses['503']).toEqual([5, 5, 5, 5]);
    expect(d.latency.p99).toEqual([8, 8, 8, 8]);
    expect(d.hitRatio).toEqual([50, 50, 50, 50]);
    expect(d.rewarmTarget).toBe(85.5);
  });

  it('rates are per second whatever the bucket width', () => {
    const d = chartData(report({}, 100));
    expect(d.x).toEqual([0, 0.1, 0.2, 0.3]);
    expect(d.responses['503']).toEqual([50, 50, 50, 50]);
    expect(d.origin.arrivals).toEqual([40, 40, 40, 40]);
  });

  it('markers: events in time order, then the recovery point; bands: baseline and incident', () => {
    const d = chartData(report());
    expect(d.markers).toEqual([
      { x: 1.5, label: 'purge', kind: 'action' },
      { x: 2.5, label: 'restart', kind: 'fault' },
      { x: 2.75, label: 'recovered (+1.25 s)', kind: 'recovered' },
    ]);
    expect(d.bands).toEqual([
      { from: 0, to: 1, kind: 'baseline' },
      { from: 1.5, to: 2.75, kind: 'incident' },
    ]);
  });

  it('never recovered: the incident band runs to the end, no recovery marker', () => {
    const d = chartData(report({ recovery: { recovered: false, seconds: null }, windows: { baseline: null, fault: T + 1500, recoveredAt: null } }));
    expect(d.bands).toEqual([{ from: 1.5, to: 3, kind: 'incident' }]);
    expect(d.markers.map((m) => m.kind)).toEqual(['action', 'fault']);
  });

  it('percentile curves: dense from histograms, phases without samples left out', () => {
    const seen: string[] = [];
    const d = chartData(report(), { percentiles: (e, ps) => (seen.push(e), ps.map((p) => (p === 0 ? 0 : p))) });
    expect(seen).toEqual(['b', 'i']);
    expect(d.percentiles?.source).toBe('histogram');
    expect(d.percentiles?.x.slice(0, 3)).toEqual([0, 0.1, 0.2]);
    expect(d.percentiles?.x.at(-1)).toBe(5);
    expect(d.percentiles?.series[0]?.ms[0]).toBeNull(); // p0 = 0 ms cannot sit on a log axis
    expect(d.percentiles?.series[0]?.ms[10]).toBeCloseTo(90, 9); // x = 1 is p90
  });

  it('percentile curves: summary points without a percentile function', () => {
    const d = chartData(report());
    expect(d.percentiles).toMatchObject({
      source: 'summary',
      x: [0.301, 1, 2, 3],
      series: [
        { phase: 'baseline', ms: [1, 2, 3, 4] },
        { phase: 'incident', ms: [1, 2, 3, 4] },
      ],
    });
  });

  it('no latency anywhere: no percentile chart', () => {
    const r = report({ latencyMs: { all: empty, baseline: empty, incident: empty, after: empty } });
    r.histograms = { all: '', baseline: '', incident: '', after: '' };
    expect(chartData(r).percentiles).toBeNull();
  });

  it('client retries per second on the origin chart, only when the load retried', () => {
    const r = report({}, 500);
    expect(chartData(r).origin.retries).toBeUndefined();
    r.series = r.series.map((p, i) => ({ ...p, retry: { retries: i, budgetDenied: 0, gaveUp: 0 } }));
    // per second from 500 ms buckets, the last value repeated for the closing point
    // (the fourth bucket, sent 0, is the drain: not drawn)
    expect(chartData(r).origin.retries).toEqual([0, 2, 4, 4]);
  });

  it('the drain is not drawn: a partial last bucket and the stragglers after the load; a thin or empty bucket mid-run is still drawn', () => {
    const r = report();
    r.series = syntheticSeries(
      [
        ...repeat(3, { responses: 100, hitRatio: 0.9, p99Ms: 8 }),
        { responses: 0 }, // nothing completed mid-run (an origin pause): drawn, latency null
        { responses: 20, hitRatio: 0.1, p99Ms: 900 }, // thin, mid-incident: drawn
        ...repeat(2, { responses: 100, hitRatio: 0.9, p99Ms: 8 }),
        { responses: 30, hitRatio: 0.5, p99Ms: 40 }, // the partial last bucket
        { responses: 1, hitRatio: 0, p99Ms: 2000 }, // the drain: sent 0, one straggler
      ],
      { t0: T },
    );
    r.series[8] = { ...r.series[8]!, sent: 0 };
    const d = chartData(r);
    expect(d.x).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(d.latency.p99).toEqual([8, 8, 8, null, 900, 8, 8, 8]);
    expect(d.hitRatio).toEqual([90, 90, 90, null, 10, 90, 90, 90]);
  });

  it('an empty series', () => {
    const r = { ...report(), series: [] } as Report;
    expect(chartData(r).x).toEqual([]);
  });
});
