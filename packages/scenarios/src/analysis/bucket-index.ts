/**
 * Index of the bucket containing time `t` in a sorted, gap-free series of `intervalMs` buckets:
 * -1 when `t` is before the first bucket, `series.length` when it is at or after the end of the last one.
 */
export function bucketIndexAt(series: readonly { t: number }[], t: number, intervalMs: number): number {
  const first = series[0];
  const last = series[series.length - 1];
  if (first === undefined || last === undefined || t < first.t) return -1;
  if (t >= last.t + intervalMs) return series.length;
  let lo = 0;
  let hi = series.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((series[mid] as { t: number }).t <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
