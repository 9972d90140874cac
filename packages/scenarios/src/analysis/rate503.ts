import type { SeriesPoint, StatusCounts } from '../record/report.js';

/** 503 responses / responses (timeouts and connection errors are not responses); 0 when there were none. */
export function rate503(status: Pick<StatusCounts, '503'>, responses: number): number {
  return responses > 0 ? status['503'] / responses : 0;
}

/** The highest per-bucket 503 count, normalised to per second by the bucket width. 0 for an empty series. */
export function peak503PerSec(series: readonly Pick<SeriesPoint, 'status'>[], intervalMs: number): number {
  let peak = 0;
  for (const p of series) peak = Math.max(peak, p.status['503']);
  return peak / (intervalMs / 1000);
}
