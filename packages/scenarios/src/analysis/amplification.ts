import type { SeriesPoint } from '../record/report.js';

export interface Amplification {
  /** peak origin arrivals/s after the fault ÷ baseline origin arrivals/s; null when the baseline rate is 0 */
  amplification: number | null;
  peakOriginRatePerS: number;
  /** bucket start of the peak; null when there is no bucket after the fault */
  peakAt: number | null;
}

/**
 * DESIGN.md `amplification`. "After the fault" starts at the bucket holding the fault. A zero baseline (origin
 * idle before the fault: a cold start, or a cache that absorbed everything) makes the ratio undefined, so it is
 * null rather than Infinity — JSON cannot carry Infinity and a threshold on it would be meaningless.
 */
export function amplification(
  series: readonly SeriesPoint[],
  at: { faultIndex: number; intervalMs: number },
  baselineOriginRatePerS: number,
): Amplification {
  let peak = 0;
  let peakAt: number | null = null;
  for (let i = Math.max(at.faultIndex, 0); i < series.length; i++) {
    const p = series[i] as SeriesPoint;
    if (peakAt === null || p.origin.arrivals > peak) {
      peak = p.origin.arrivals;
      peakAt = p.t;
    }
  }
  const peakOriginRatePerS = peak / (at.intervalMs / 1000);
  return {
    amplification: baselineOriginRatePerS > 0 && peakAt !== null ? peakOriginRatePerS / baselineOriginRatePerS : null,
    peakOriginRatePerS,
    peakAt,
  };
}
