import { describe, expect, test } from 'vitest';
import { chartData } from '../report/chart-data.js';
import { compareChartData } from './compare-chart-data.js';
import { twoRuns } from './testing/two-runs.js';

describe('compareChartData', () => {
  const { a, b } = twoRuns();
  const data = compareChartData(a, b, { a: 'A: off', b: 'B: on' });

  test('one x axis: both grids, in seconds since each load start, ascending', () => {
    // A's buckets start 0.5 s before its load, B's 0.2 s before
    expect(data.x.slice(0, 4)).toEqual([-0.5, -0.2, 0.5, 0.8]);
    expect([...data.x].sort((p, q) => p - q)).toEqual(data.x);
    expect(new Set(data.x).size).toBe(data.x.length);
  });

  test("each run's values sit at its own points, null at the other's", () => {
    const chart = data.charts.find((c) => c.id === 'origin')!;
    const own = chartData(a).origin.arrivals;
    const aValues = chart.a.filter((v) => v !== null);
    expect(aValues).toEqual(own.filter((v) => v !== null));
    expect(chart.a[data.x.indexOf(-0.2)]).toBeNull();
    expect(chart.b[data.x.indexOf(-0.5)]).toBeNull();
    for (const c of data.charts) expect([c.a.length, c.b.length]).toEqual([data.x.length, data.x.length]);
  });

  test('the charts: 503s, latency (log), hit ratio (0-100), origin arrivals, origin queue, 2xx', () => {
    expect(data.charts.map((c) => [c.id, c.log ?? false, c.range ?? null])).toEqual([
      ['503', false, null],
      ['latency', true, null],
      ['hit-ratio', false, [0, 100]],
      ['origin', false, null],
      ['queue', false, null],
      ['2xx', false, null],
    ]);
    expect(data.charts.find((c) => c.id === '503')!.b.every((v) => v === null || v === 0)).toBe(true);
  });

  test("both runs' events, shifted and labelled by run; the load start is the axis' zero, not a marker", () => {
    const purge = data.markers.filter((m) => m.kind === 'action');
    expect(purge.map((m) => [m.run, m.label, m.x])).toEqual([
      ['a', 'A purge', 19.75],
      ['b', 'B purge', 20.05],
    ]);
    expect(data.markers.some((m) => m.label.includes('load-start'))).toBe(false);
    expect(data.markers.filter((m) => m.kind === 'recovered').map((m) => m.run)).toEqual(['a', 'b']);
    expect(data.labels).toEqual({ a: 'A: off', b: 'B: on' });
  });

  test("neither run's drain is drawn: no hit-ratio drop or latency spike after the last real bucket", () => {
    const { a: withDrain, b: other } = twoRuns();
    const last = withDrain.series.at(-1)!;
    const drain = { ...last, t: last.t + 1000, sent: 0, responses: 1, cache: { hit: 0, miss: 1, stale: 0, pass: 0 }, latencyMs: { p50: 3000, p99: 3000, max: 3000 } };
    withDrain.series = [...withDrain.series, drain];
    const d = compareChartData(withDrain, other, { a: 'A', b: 'B' });
    expect(d).toEqual(compareChartData(twoRuns().a, other, { a: 'A', b: 'B' }));
  });
});
