import type { SeriesPoint } from '../record/report.js';
import { median } from './median.js';

type Traffic = Pick<SeriesPoint, 'sent' | 'responses'>;

/**
 * Does a bucket carry real traffic: the generator was sending in it, and it has at least half the baseline's median
 * responses? A partial last bucket or the drain after the last request (a few stragglers, often a single miss) says
 * nothing about the cache or the latency: it would read as a 0% or 33% hit ratio and a latency spike.
 * `baselineResponses` is baselineResponses()'s median; 0 (no baseline) leaves only the sending rule.
 */
export function carriesTraffic(p: Traffic, baselineResponses: number): boolean {
  return p.sent > 0 && p.responses >= baselineResponses / 2;
}

/** The median responses per bucket of the baseline's buckets; 0 without any. */
export function baselineResponses(baseline: readonly Traffic[]): number {
  return median(baseline.map((p) => p.responses)) ?? 0;
}

/**
 * The series without its drain: the trailing buckets that carry no real traffic (carriesTraffic) are cut, the
 * buckets before the last real one are all kept (a bucket mid-incident with few responses is the incident, not a
 * drain). A series with no real bucket at all is returned whole.
 */
export function withoutDrain<T extends Traffic>(series: readonly T[], baselineResponses: number): T[] {
  let end = series.length;
  while (end > 0 && !carriesTraffic(series[end - 1] as T, baselineResponses)) end--;
  return end === 0 ? [...series] : series.slice(0, end);
}
