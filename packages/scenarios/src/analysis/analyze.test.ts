import { describe, expect, it } from 'vitest';
import type { ReportEvent, SeriesPoint } from '../record/report.js';
import { exactHistogramOps, encodeExact } from '../record/testing/exact-histogram-ops.js';
import { repeat, syntheticSeries, type SyntheticBucket } from '../record/testing/synthetic-series.js';
import { analyze, type AnalyzeInput } from './analyze.js';

const T = 1_700_000_000_000;
const calm: SyntheticBucket = { responses: 500, hitRatio: 0.95, p50Ms: 2, p99Ms: 8 };
const storm: SyntheticBucket = {
  responses: 500,
  hitRatio: 0.1,
  rate503: 0.4,
  p50Ms: 300,
  p99Ms: 900,
  maxMs: 1500,
  originArrivals: 2000,
  originRejected503: 200,
  inflight: 64,
  queue: 128,
};
const purgeAt = (s: number): ReportEvent[] => [{ t: T + s * 1000, action: 'purge', detail: {}, kind: 'action' }];
const series = (...parts: SyntheticBucket[][]): SeriesPoint[] =>
  syntheticSeries(parts.flat(), { t0: T, encode: encodeExact });

interface Case {
  name: string;
  input: Partial<AnalyzeInput> & Pick<AnalyzeInput, 'series'>;
  recovered: boolean;
  seconds: number | null;
  extra?: (a: ReturnType<typeof analyze>) => void;
}

const cases: Case[] = [
  {
    name: 'clean recovery: the window starts at the first healthy bucket after the storm',
    input: { series: series(repeat(20, calm), repeat(12, storm), repeat(28, calm)), events: purgeAt(20.3) },
    recovered: true,
    seconds: 11.7,
    extra: (a) => {
      expect(a.summary.windows).toEqual({ baseline: { from: T + 10_000, to: T + 20_000 }, fault: T + 20_300, recoveredAt: T + 32_000 });
      expect(a.verdict).toEqual({ pass: true, failures: [] });
    },
  },
  {
    name: 'flapping: recovers for 3 s, relapses, recovers — the first FULL window counts',
    input: {
      series: series(repeat(20, calm), repeat(6, storm), repeat(3, calm), repeat(2, storm), repeat(29, calm)),
      events: purgeAt(20.3),
    },
    recovered: true,
    seconds: 10.7,
  },
  {
    name: 'flapping: a 4-bucket healthy run is one short of the 5 s window',
    input: {
      series: series(repeat(20, calm), repeat(3, storm), repeat(4, calm), repeat(1, storm), repeat(32, calm)),
      events: purgeAt(20),
    },
    recovered: true,
    seconds: 8,
  },
  {
    name: 'never recovers (metastable): recovered false, seconds null, verdict fails',
    input: { series: series(repeat(20, calm), repeat(40, storm)), events: purgeAt(20.3) },
    recovered: false,
    seconds: null,
    extra: (a) => {
      expect(a.verdict).toEqual({
        pass: false,
        failures: [{ metric: 'recovery.recovered', op: '==', limit: true, actual: false }],
      });
      expect(a.summary.windows?.recoveredAt).toBeNull();
      expect(a.summary.latencyMs.after).toEqual({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
      expect(a.summary.latencyMs.incident.p99).toBeGreaterThan(800);
    },
  },
  {
    name: 'metastable expected: not recovering passes',
    input: { series: series(repeat(20, calm), repeat(40, storm)), events: purgeAt(20.3), expectRecovery: 'metastable' },
    recovered: false,
    seconds: null,
    extra: (a) => expect(a.verdict.pass).toBe(true),
  },
  {
    name: 'fault at the very end: 3 healthy buckets cannot complete a 5 s window',
    input: { series: series(repeat(60, calm)), events: purgeAt(57.3) },
    recovered: false,
    seconds: null,
  },
  {
    name: 'a fault with no visible effect recovers in 0 s (window starts at the fault bucket, clamped)',
    input: { series: series(repeat(60, calm)), events: purgeAt(20.3) },
    recovered: true,
    seconds: 0,
    extra: (a) => {
      expect(a.summary.windows?.recoveredAt).toBe(T + 20_300);
      expect(a.summary.rewarm.seconds).toBeCloseTo(0.7, 9);
    },
  },
  {
    name: 'a bucket where nothing completed (hang) is not healthy',
    input: {
      series: series(repeat(20, calm), repeat(2, storm), repeat(3, calm), repeat(1, { responses: 0 }), repeat(34, calm)),
      events: purgeAt(20),
    },
    recovered: true,
    seconds: 6,
  },
  {
    name: 'timeouts count as errors',
    input: {
      series: series(repeat(20, calm), repeat(5, { ...calm, timeout: 50 }), repeat(35, calm)),
      events: purgeAt(20),
    },
    recovered: true,
    seconds: 5,
  },
  {
    name: '4xx do not count as errors',
    input: { series: series(repeat(20, calm), repeat(5, { ...calm, status4xx: 100 }), repeat(35, calm)), events: purgeAt(20) },
    recovered: true,
    seconds: 0,
  },
  {
    name: 'tolerances are overridable: a 2 s window',
    input: {
      series: series(repeat(20, calm), repeat(6, storm), repeat(3, calm), repeat(2, storm), repeat(29, calm)),
      events: purgeAt(20.3),
      recovery: { windowS: 2 },
    },
    recovered: true,
    seconds: 5.7,
  },
  {
    name: 'p99 slack: 17 ms is within max(1.5 × 8, 8 + 10) = 18 ms',
    input: { series: series(repeat(20, calm), repeat(10, { ...calm, p99Ms: 17 }), repeat(30, calm)), events: purgeAt(20) },
    recovered: true,
    seconds: 0,
  },
  {
    name: 'p99 slack: 19 ms is over the limit',
    input: { series: series(repeat(20, calm), repeat(10, { ...calm, p99Ms: 19 }), repeat(30, calm)), events: purgeAt(20) },
    recovered: true,
    seconds: 10,
  },
  {
    name: 'error rate floor: 0.1 % is within the floor, 0.2 % is not (baseline 0)',
    input: {
      series: series(
        repeat(20, { ...calm, responses: 1000 }),
        repeat(3, { ...calm, responses: 1000, rate503: 0.002 }),
        repeat(37, { ...calm, responses: 1000, rate503: 0.001 }),
      ),
      events: purgeAt(20),
    },
    recovered: true,
    seconds: 3,
  },
  {
    name: 'error rate factor: 2 × a 1 % baseline allows 2 %',
    input: {
      series: series(
        repeat(20, { ...calm, rate503: 0.01 }),
        repeat(3, { ...calm, rate503: 0.03 }),
        repeat(37, { ...calm, rate503: 0.02 }),
      ),
      events: purgeAt(20),
    },
    recovered: true,
    seconds: 3,
  },
  {
    name: 'no fault event: nothing to recover from',
    input: { series: series(repeat(30, calm)), events: [] },
    recovered: true,
    seconds: 0,
    extra: (a) => {
      expect(a.summary.amplification).toBeNull();
      expect(a.summary.windows?.fault).toBeNull();
      expect(a.summary.windows?.baseline).toEqual({ from: T + 20_000, to: T + 30_000 });
    },
  },
  {
    name: 'unhealthy baseline (the cache died before the fault: all connection errors): recovery not judged, verdict fails',
    input: {
      series: series(repeat(20, { responses: 0, connError: 500 }), repeat(40, calm)),
      events: purgeAt(20.3),
    },
    recovered: false,
    seconds: null,
    extra: (a) => {
      expect(a.summary.baseline?.healthy).toBe(false);
      expect(a.summary.baseline?.problem).toMatch(/100\.0% of requests failed before the fault .*baselineMaxErrorRate/);
      expect(a.verdict.failures).toContainEqual({ metric: 'baseline.healthy', op: '==', limit: true, actual: false });
    },
  },
  {
    name: 'unhealthy baseline even when recovery is not expected ("any")',
    input: {
      series: series(repeat(20, { ...calm, rate503: 0.2 }), repeat(40, calm)),
      events: purgeAt(20.3),
      expectRecovery: 'any',
    },
    recovered: false,
    seconds: null,
    extra: (a) => expect(a.verdict).toEqual({ pass: false, failures: [{ metric: 'baseline.healthy', op: '==', limit: true, actual: false }] }),
  },
  {
    name: 'baseline error rate at the limit is still healthy; the limit is overridable',
    input: {
      series: series(repeat(20, { ...calm, rate503: 0.05 }), repeat(40, { ...calm, rate503: 0.05 })),
      events: purgeAt(20),
    },
    recovered: true,
    seconds: 0,
    extra: (a) => {
      expect(a.summary.baseline?.healthy).toBe(true);
      expect(a.summary.baseline?.problem).toBeUndefined();
      const strict = analyze({ series: series(repeat(20, { ...calm, rate503: 0.05 }), repeat(40, calm)), events: purgeAt(20), histogramOps: exactHistogramOps, recovery: { baselineMaxErrorRate: 0.01 } });
      expect(strict.summary.baseline?.healthy).toBe(false);
      expect(strict.summary.recovery.recovered).toBe(false);
    },
  },
  {
    name: 'no request completed before the fault: no baseline',
    input: { series: series(repeat(10, { responses: 0 }), repeat(40, calm)), events: purgeAt(10) },
    recovered: false,
    seconds: null,
    extra: (a) => expect(a.summary.baseline?.problem).toMatch(/no request completed before the fault/),
  },
  {
    name: 'a fault in the first bucket has no baseline',
    input: { series: series(repeat(40, calm)), events: purgeAt(0.5) },
    recovered: false,
    seconds: null,
    extra: (a) => expect(a.summary.baseline?.problem).toMatch(/fault is in the first bucket/),
  },
  {
    name: 'phase events are not faults',
    input: {
      series: series(repeat(20, calm), repeat(12, storm), repeat(28, calm)),
      events: [{ t: T + 5000, action: 'baseline', detail: {}, kind: 'phase' }, ...purgeAt(20)],
    },
    recovered: true,
    seconds: 12,
  },
];

describe('analyze: recovery', () => {
  it.each(cases)('$name', ({ input, recovered, seconds, extra }) => {
    const a = analyze({ events: [], histogramOps: exactHistogramOps, ...input });
    expect(a.summary.recovery.recovered).toBe(recovered);
    if (seconds === null) expect(a.summary.recovery.seconds).toBeNull();
    else expect(a.summary.recovery.seconds).toBeCloseTo(seconds, 9);
    extra?.(a);
  });
});

describe('analyze: the rest of the summary', () => {
  const s = series(repeat(20, calm), repeat(12, storm), repeat(28, calm));
  const a = analyze({ series: s, events: purgeAt(20.3), histogramOps: exactHistogramOps });

  it('totals, rate503 and peak503PerSec', () => {
    expect(a.summary.responses).toBe(30_000);
    expect(a.summary.status['503']).toBe(12 * 200);
    expect(a.summary.rate503).toBeCloseTo(2400 / 30_000, 12);
    expect(a.summary.peak503PerSec).toBe(200);
    expect(a.summary.requests).toBe(30_000);
  });

  it('peak503PerSec is normalised by the bucket width', () => {
    const fine = syntheticSeries([...repeat(5, calm), ...repeat(5, { ...storm, responses: 50 })], { t0: T, intervalMs: 100 });
    const b = analyze({ series: fine, events: [], histogramOps: exactHistogramOps });
    expect(b.summary.peak503PerSec).toBe(200);
  });

  it('amplification = peak origin arrivals/s after the fault ÷ baseline origin arrivals/s', () => {
    expect(a.summary.baseline?.originRatePerS).toBe(25);
    expect(a.summary.amplification).toBe(2000 / 25);
  });

  it('amplification is null when the origin saw no baseline traffic', () => {
    const cold = series(repeat(20, { ...calm, originArrivals: 0 }), repeat(12, storm), repeat(28, calm));
    const b = analyze({ series: cold, events: purgeAt(20.3), histogramOps: exactHistogramOps });
    expect(b.summary.amplification).toBeNull();
  });

  it('hit ratio: baseline median and min after the fault', () => {
    expect(a.summary.hitRatio.baseline).toBeCloseTo(0.95, 2);
    expect(a.summary.hitRatio.min).toBeCloseTo(0.06, 2);
  });

  it('hit ratio min ignores a partial last bucket (a handful of responses)', () => {
    const points = series(repeat(12, calm), repeat(3, storm), repeat(10, calm));
    const partial: SeriesPoint = {
      ...points[points.length - 1]!,
      t: points[points.length - 1]!.t + 1000,
      sent: 1,
      responses: 3,
      cache: { hit: 1, miss: 2, stale: 0, pass: 0 },
    };
    const withPartial = analyze({ series: [...points, partial], events: purgeAt(12), histogramOps: exactHistogramOps });
    const without = analyze({ series: points, events: purgeAt(12), histogramOps: exactHistogramOps });
    expect(withPartial.summary.hitRatio.min).toBe(without.summary.hitRatio.min);
  });

  it('hit ratio min ignores the drain buckets after the generator stopped sending', () => {
    const points = series(repeat(12, calm), repeat(3, storm), repeat(10, calm));
    const drain: SeriesPoint = {
      ...points[points.length - 1]!,
      t: points[points.length - 1]!.t + 1000,
      sent: 0,
      responses: 1,
      cache: { hit: 0, miss: 1, stale: 0, pass: 0 },
    };
    const withDrain = analyze({ series: [...points, drain], events: purgeAt(12), histogramOps: exactHistogramOps });
    const without = analyze({ series: points, events: purgeAt(12), histogramOps: exactHistogramOps });
    expect(withDrain.summary.hitRatio.min).toBe(without.summary.hitRatio.min);
    expect(withDrain.summary.hitRatio.min).toBeGreaterThan(0);
  });

  it('origin totals and peaks', () => {
    expect(a.summary.origin).toEqual({
      arrivals: 48 * 25 + 12 * 2000,
      rejected503: 12 * 200,
      peakInflight: 64,
      peakQueue: 128,
    });
  });

  it('per-phase latency comes from merged histograms', () => {
    expect(a.summary.latencyMs.baseline.p50).toBeCloseTo(2, 1);
    expect(a.summary.latencyMs.baseline.p99).toBeLessThanOrEqual(8);
    expect(a.summary.latencyMs.incident.max).toBe(1500);
    expect(a.summary.latencyMs.after.max).toBe(12);
    expect(a.summary.latencyMs.all.max).toBe(1500);
    expect(a.histograms.baseline).not.toBe('');
  });

  it('generator totals and histogram from loadgen win over series sums', () => {
    const b = analyze({
      series: s,
      events: purgeAt(20.3),
      histogramOps: exactHistogramOps,
      load: { requests: 30_010, dropped: 10, generator: { saturated: true, scheduleLagP99Ms: 3.5 } },
      allHistogram: encodeExact([1000, 2000]),
    });
    expect(b.summary.requests).toBe(30_010);
    expect(b.summary.dropped).toBe(10);
    expect(b.summary.generator).toEqual({ saturated: true, scheduleLagP99Ms: 3.5 });
    expect(b.summary.latencyMs.all.max).toBe(2);
  });

  it('threshold failures fail the verdict, after the recovery failure', () => {
    const failure = { metric: 'rate503', op: '<=', limit: 0.01, actual: 0.08 };
    const b = analyze({ series: s, events: purgeAt(20.3), histogramOps: exactHistogramOps, thresholds: () => [failure] });
    expect(b.verdict).toEqual({ pass: false, failures: [failure] });
  });

  it('an empty series: nothing measured, so nothing recovered', () => {
    const b = analyze({ series: [], events: purgeAt(1), histogramOps: exactHistogramOps });
    expect(b.summary).toMatchObject({ requests: 0, responses: 0, rate503: 0, peak503PerSec: 0, amplification: null });
    expect(b.summary.recovery).toEqual({ recovered: false, seconds: null });
    expect(b.summary.windows?.baseline).toBeNull();
    expect(b.verdict.pass).toBe(false);
  });

  it('is deterministic', () => {
    expect(analyze({ series: s, events: purgeAt(20.3), histogramOps: exactHistogramOps })).toEqual(a);
  });
});
