import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/analyze.js';
import { exactHistogramOps, encodeExact } from '../record/testing/exact-histogram-ops.js';
import { repeat, syntheticSeries, type SyntheticBucket } from '../record/testing/synthetic-series.js';
import type { ReportEvent, SeriesPoint } from '../record/report.js';
import { getScenario } from '../catalog/index.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { observedLength } from './observed-length.js';

const T0 = 1_700_000_000_000;
const spec = (): ScenarioSpec => getScenario('global-purge')!.spec; // fault at 12 s, observe 30 s, recovery window 5 s + extra 5 s
const events = (s: ScenarioSpec): ReportEvent[] => [
  { t: T0, action: 'load-start', detail: {}, kind: 'phase' },
  ...s.timeline.map((step) => ({ t: T0 + step.at * 1000, action: step.action, detail: {}, kind: 'action' as const })),
];
const healthy: SyntheticBucket = { p50Ms: 2, p99Ms: 8, maxMs: 12 };
const bad: SyntheticBucket = { rate503: 0.3, p50Ms: 300, p99Ms: 900, maxMs: 1000 };
const series = (buckets: SyntheticBucket[]): SeriesPoint[] => syntheticSeries(buckets, { t0: T0, encode: encodeExact });

/** stop-check.ts's rule, checked after every bucket on the series so far (what a run does live) */
function liveCheck(s: ScenarioSpec, points: SeriesPoint[]): number {
  const lastAtS = Math.max(0, ...s.timeline.map((x) => x.at));
  const ev = events(s);
  for (let n = 1; n <= points.length; n++) {
    const now = points[n - 1]!.t + 1000;
    if (now <= T0 + lastAtS * 1000) continue;
    if (now >= T0 + (lastAtS + s.observe.maxS) * 1000) return n;
    if (!s.observe.stopWhenRecovered) continue;
    const { summary } = analyze({ series: points.slice(0, n), events: ev, histogramOps: exactHistogramOps, intervalMs: 1000, faultAt: ev[1]!.t, baseline: { windowS: s.baselineS }, recovery: s.recovery });
    const at = summary.windows?.recoveredAt;
    if (summary.recovery.recovered && at != null && now >= at + (s.recovery.windowS + s.observe.extraS) * 1000) return n;
  }
  return points.length;
}

describe('observedLength: where a run would have stopped observing', () => {
  const noStop = (s: ScenarioSpec): ScenarioSpec => ({ ...s, observe: { ...s.observe, stopWhenRecovered: false } });
  const rows: [name: string, s: () => ScenarioSpec, buckets: SyntheticBucket[], n: number][] = [
    ['recovers at 16 s: stops 5 s window + 5 s extra later, at 26 s', spec, [...repeat(12, healthy), ...repeat(4, bad), ...repeat(40, healthy)], 26],
    ['a blip inside the first window restarts it: recovers at 18 s, stops at 28 s', spec, [...repeat(12, healthy), ...repeat(4, bad), healthy, bad, ...repeat(40, healthy)], 28],
    ['never recovers: observe.maxS (30 s) after the fault, at 42 s', spec, [...repeat(12, healthy), ...repeat(44, bad)], 42],
    ['stopWhenRecovered off: always the 30 s after the last action', () => noStop(spec()), [...repeat(12, healthy), ...repeat(4, bad), ...repeat(40, healthy)], 42],
    ['a series that ends first is kept whole', spec, [...repeat(12, healthy), ...repeat(4, bad), ...repeat(6, healthy)], 22],
  ];
  it.each(rows)('%s', (_name, s, buckets, n) => {
    const points = series(buckets);
    expect(observedLength(s(), points, events(s()), T0, 1000)).toBe(n);
    expect(liveCheck(s(), points)).toBe(n);
  });
});
