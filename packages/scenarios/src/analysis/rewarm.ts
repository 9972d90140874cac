import type { SeriesPoint } from '../record/report.js';
import { hitRatio } from '../record/hit-ratio.js';

/** A bucket is rewarmed when its hit ratio is back to this fraction of the baseline hit ratio. */
export const DEFAULT_REWARM_FRACTION = 0.95;

export interface Rewarm {
  /** fault -> start of the first rewarmed bucket, seconds; null when never (or no baseline hit ratio) */
  seconds: number | null;
  at: number | null;
}

/**
 * DESIGN.md `rewarm`: the first bucket starting at or after the fault whose hit ratio is >= fraction × baseline.
 * Unlike recovery, the bucket holding the fault is skipped: one bucket decides, and a bucket that is mostly
 * pre-fault traffic would report a rewarm that never happened.
 */
export function findRewarm(
  series: readonly SeriesPoint[],
  faultAt: number,
  baselineHitRatio: number | null,
  fraction: number = DEFAULT_REWARM_FRACTION,
): Rewarm {
  if (baselineHitRatio === null) return { seconds: null, at: null };
  const target = fraction * baselineHitRatio;
  for (const p of series) {
    if (p.t < faultAt) continue;
    const ratio = hitRatio(p.cache);
    if (ratio !== null && ratio >= target) return { seconds: (p.t - faultAt) / 1000, at: p.t };
  }
  return { seconds: null, at: null };
}
