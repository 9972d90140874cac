import type { SeriesPoint } from '../record/report.js';
import { errorRate } from './error-rate.js';
import { hitRatio } from '../record/hit-ratio.js';
import { median } from './median.js';

export const DEFAULT_BASELINE_WINDOW_S = 10;

export interface BaselineOptions {
  /** length of the window that ends where the fault bucket starts (default 10 s) */
  windowS?: number;
  /** explicit window, epoch ms [from, to): replaces the default; only buckets wholly inside it count */
  from?: number;
  to?: number;
}

export interface Baseline {
  /** the buckets used, epoch ms [from, to); null when there is none (fault in the first bucket) */
  window: { from: number; to: number } | null;
  /** index range [startIndex, endIndex) into the series */
  startIndex: number;
  endIndex: number;
  /** medians over the window's buckets; 0 (hitRatio: null) when no bucket has the data */
  p99Ms: number;
  errorRate: number;
  hitRatio: number | null;
  originRatePerS: number;
}

/**
 * The steady window before the fault and its medians (DESIGN.md `baseline`). By default the window is the
 * `windowS` seconds of buckets that end where the fault bucket starts: the bucket holding the fault mixes
 * before and after, so it never counts as baseline. A fault earlier than `windowS` gets a shorter window starting
 * at the first bucket. Medians skip buckets without the data (p99: no responses; error rate: no outcomes;
 * hit ratio: no known cache outcome); the origin rate counts every bucket, idle ones included.
 */
export function computeBaseline(
  series: readonly SeriesPoint[],
  at: { faultIndex: number; intervalMs: number },
  options: BaselineOptions = {},
): Baseline {
  const { intervalMs } = at;
  let startIndex: number;
  let endIndex: number;
  if (options.from !== undefined || options.to !== undefined) {
    const from = options.from ?? -Infinity;
    const to = options.to ?? Infinity;
    startIndex = series.findIndex((p) => p.t >= from);
    if (startIndex === -1) startIndex = series.length;
    endIndex = startIndex;
    while (endIndex < series.length && (series[endIndex] as SeriesPoint).t + intervalMs <= to) endIndex++;
  } else {
    endIndex = Math.min(Math.max(at.faultIndex, 0), series.length);
    const last = series[series.length - 1];
    const anchor = series[endIndex]?.t ?? (last === undefined ? 0 : last.t + intervalMs);
    const from = anchor - (options.windowS ?? DEFAULT_BASELINE_WINDOW_S) * 1000;
    startIndex = endIndex;
    while (startIndex > 0 && (series[startIndex - 1] as SeriesPoint).t >= from) startIndex--;
  }

  const points = series.slice(startIndex, endIndex);
  const first = points[0];
  const lastPoint = points[points.length - 1];
  const seconds = intervalMs / 1000;
  return {
    window: first && lastPoint ? { from: first.t, to: lastPoint.t + intervalMs } : null,
    startIndex,
    endIndex: Math.max(startIndex, endIndex),
    p99Ms: median(points.filter((p) => p.responses > 0).map((p) => p.latencyMs.p99)) ?? 0,
    errorRate: median(nonNull(points.map((p) => errorRate(p.status)))) ?? 0,
    hitRatio: median(nonNull(points.map((p) => hitRatio(p.cache)))) ?? null,
    originRatePerS: median(points.map((p) => p.origin.arrivals / seconds)) ?? 0,
  };
}

function nonNull(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null);
}
