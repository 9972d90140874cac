import type { SeriesPoint } from '../record/report.js';

/** The highest per-bucket 503 count, normalised to per second by the bucket width. 0 for an empty series. */
export function peak503PerSec(series: readonly Pick<SeriesPoint, 'status'>[], intervalMs: number): number {
  let peak = 0;
  for (const p of series) peak = Math.max(peak, p.status['503']);
  return peak / (intervalMs / 1000);
}
