/**
 * The numbers report.html plots, computed in Node at render time so the page's script only draws. Columnar
 * arrays (uPlot's data layout); time is seconds since the first bucket.
 */
import { bucketWidthMs } from '../record/bucket-width.js';
import { baselineResponses, withoutDrain } from '../analysis/carries-traffic.js';
import { hitRatio } from '../record/hit-ratio.js';
import type { Report, StatusCounts } from '../record/report.js';
import { timeOrigin } from './time-origin.js';

export type StatusKey = keyof StatusCounts;
export const STATUS_KEYS: readonly StatusKey[] = ['2xx', '503', '5xx', '4xx', 'timeout', 'connError'];

/** latency in ms at each percentile (0..100) of an encoded histogram (HistogramOps.percentiles) */
export type PercentilesFn = (encoded: string, percentiles: readonly number[]) => number[];

export interface ChartMarker {
  x: number;
  label: string;
  kind: 'action' | 'fault' | 'phase' | 'recovered';
}

export interface PercentileCurves {
  /** log10(100 / (100 - p)): 0 = p0, 1 = p90, 2 = p99, 3 = p99.9 ... */
  x: number[];
  ticks: { x: number; label: string }[];
  series: { phase: 'baseline' | 'incident' | 'after'; ms: (number | null)[] }[];
  /** 'histogram': a dense curve from the merged phase histograms; 'summary': only p50/p90/p99/p99.9 were known */
  source: 'histogram' | 'summary';
}

export interface ChartData {
  /** bucket starts, plus the end of the last bucket so the last step is drawn in full */
  x: number[];
  intervalS: number;
  /** per second, by status class */
  responses: Record<StatusKey, number[]>;
  /** per-bucket latency, ms; null where nothing completed */
  latency: { p50: (number | null)[]; p99: (number | null)[]; max: (number | null)[] };
  /** percent; null where no cache outcome was known */
  hitRatio: (number | null)[];
  /** percent: 95 % of the baseline hit ratio (the rewarm line) */
  rewarmTarget: number | null;
  /**
   * arrivals and rejections per second; in-flight and queue: the highest seen in the bucket; additive `retries`:
   * the clients' retry attempts per second, only when the load had a retry policy
   */
  origin: { arrivals: number[]; rejected: number[]; inflight: number[]; queue: number[]; retries?: number[] };
  markers: ChartMarker[];
  bands: { from: number; to: number; kind: 'baseline' | 'incident' }[];
  percentiles: PercentileCurves | null;
}

const CURVE_STEP = 0.1;
const CURVE_MAX_X = 5; // p99.999
const TICKS = [
  { x: 0, label: 'p0' },
  { x: 0.301, label: 'p50' }, // log10(2), rounded like the points
  { x: 1, label: 'p90' },
  { x: 2, label: 'p99' },
  { x: 3, label: 'p99.9' },
  { x: 4, label: 'p99.99' },
  { x: 5, label: 'p99.999' },
];

const toX = (p: number) => Math.log10(100 / (100 - p));
const round = (v: number, digits: number) => Number(v.toFixed(digits));

export function chartData(report: Report, options: { percentiles?: PercentilesFn } = {}): ChartData {
  const zero = timeOrigin(report);
  const intervalMs = bucketWidthMs(report.series);
  const perS = 1000 / intervalMs;
  const rel = (t: number) => round((t - zero) / 1000, 3);
  const s = report.summary;
  const baseline = s.windows?.baseline;
  // The drain (buckets after the generator stopped, a partial last bucket) is not drawn: a few stragglers would
  // read as a hit-ratio drop and a latency spike.
  const typical = baselineResponses(baseline ? report.series.filter((p) => p.t >= baseline.from && p.t < baseline.to) : []);
  const points = withoutDrain(report.series, typical);
  const last = points[points.length - 1];
  // the closing point repeats the last bucket's values so a stepped line covers the whole bucket
  const close = <T>(values: T[]): T[] => (values.length > 0 ? [...values, values[values.length - 1] as T] : values);
  const col = <T>(f: (p: (typeof points)[number]) => T) => close(points.map(f));

  const responses = Object.fromEntries(
    STATUS_KEYS.map((k) => [k, col((p) => round(p.status[k] * perS, 3))]),
  ) as Record<StatusKey, number[]>;
  const latencyOf = (k: 'p50' | 'p99' | 'max') =>
    col((p) => (p.responses > 0 || p.status.timeout > 0 ? round(p.latencyMs[k], 3) : null));
  const end = last ? rel(last.t + intervalMs) : 0;

  // the warm-up's events come before the first bucket: the events table has them, the charts start at the load
  const markers: ChartMarker[] = [...report.events]
    .sort((a, b) => a.t - b.t)
    .map((e) => ({ x: rel(e.t), label: e.action, kind: e.kind ?? 'action' }))
    .filter((m) => m.x >= 0);
  const recoveredAt = s.windows?.recoveredAt ?? null;
  if (recoveredAt !== null && s.recovery.seconds !== null) {
    markers.push({ x: rel(recoveredAt), label: `recovered (+${s.recovery.seconds.toFixed(2)} s)`, kind: 'recovered' });
  }
  const bands: ChartData['bands'] = [];
  if (s.windows?.baseline) bands.push({ from: rel(s.windows.baseline.from), to: rel(s.windows.baseline.to), kind: 'baseline' });
  if (s.windows?.fault != null) {
    bands.push({ from: rel(s.windows.fault), to: recoveredAt === null ? end : rel(recoveredAt), kind: 'incident' });
  }

  return {
    x: last ? [...points.map((p) => rel(p.t)), end] : [],
    intervalS: intervalMs / 1000,
    responses,
    latency: { p50: latencyOf('p50'), p99: latencyOf('p99'), max: latencyOf('max') },
    hitRatio: col((p) => {
      const r = hitRatio(p.cache);
      return r === null ? null : round(r * 100, 2);
    }),
    rewarmTarget: s.hitRatio.baseline === null ? null : round(s.hitRatio.baseline * 95, 2),
    origin: {
      arrivals: col((p) => round(p.origin.arrivals * perS, 3)),
      rejected: col((p) => round(p.origin.rejected503 * perS, 3)),
      inflight: col((p) => p.origin.maxInflight ?? p.origin.inflight),
      queue: col((p) => p.origin.maxQueue ?? p.origin.queue),
      ...(points.some((p) => p.retry) ? { retries: col((p) => round((p.retry?.retries ?? 0) * perS, 3)) } : {}),
    },
    markers,
    bands,
    percentiles: percentileCurves(report, options.percentiles),
  };
}

/**
 * Latency-by-percentile curves of the baseline, incident and after phases. With a percentiles function the
 * curve is dense (every 0.1 on the log axis up to p99.999) from the merged histograms; without one, only the
 * summary's p50/p90/p99/p99.9 are plotted. Phases with no samples are left out.
 */
function percentileCurves(report: Report, percentiles: PercentilesFn | undefined): PercentileCurves | null {
  const phases = (['baseline', 'incident', 'after'] as const).filter((phase) => {
    const l = report.summary.latencyMs[phase];
    return report.histograms[phase] !== '' || l.max > 0;
  });
  if (phases.length === 0) return null;
  const positive = (ms: number) => (ms > 0 ? round(ms, 3) : null);
  if (percentiles) {
    const xs = Array.from({ length: Math.round(CURVE_MAX_X / CURVE_STEP) + 1 }, (_, i) => round(i * CURVE_STEP, 1));
    const ps = xs.map((x) => 100 - 100 / 10 ** x);
    const series = phases
      .filter((phase) => report.histograms[phase] !== '')
      .map((phase) => ({ phase, ms: percentiles(report.histograms[phase], ps).map(positive) }));
    if (series.length > 0) return { x: xs, ticks: TICKS, series, source: 'histogram' };
  }
  const ps = [50, 90, 99, 99.9];
  return {
    x: ps.map((p) => round(toX(p), 3)),
    ticks: TICKS.slice(1, 5),
    series: phases.map((phase) => {
      const l = report.summary.latencyMs[phase];
      return { phase, ms: [l.p50, l.p90, l.p99, l.p999].map(positive) };
    }),
    source: 'summary',
  };
}
