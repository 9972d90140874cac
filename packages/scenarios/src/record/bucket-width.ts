/** Default bucket width when a series is too short to infer one (DESIGN.md: 1 s buckets). */
export const DEFAULT_INTERVAL_MS = 1000;

/**
 * The bucket width of an epoch-aligned series: the smallest positive gap between bucket starts.
 * A series with fewer than two distinct starts cannot tell, so it gets the 1 s default.
 */
export function bucketWidthMs(series: readonly { t: number }[]): number {
  let width = Infinity;
  for (let i = 1; i < series.length; i++) {
    const gap = (series[i] as { t: number }).t - (series[i - 1] as { t: number }).t;
    if (gap > 0 && gap < width) width = gap;
  }
  return Number.isFinite(width) ? width : DEFAULT_INTERVAL_MS;
}
