import type { SeriesPoint } from '../record/report.js';
import { errorRate } from './error-rate.js';

/** The recovery rule's knobs (DESIGN.md `recovery.seconds`); every one is overridable from the spec. */
export interface RecoveryTolerances {
  /** length of the healthy window, seconds (rounded up to whole buckets) */
  windowS: number;
  /** a bucket's error rate may be up to errorRateFactor × baseline ... */
  errorRateFactor: number;
  /** ... or errorRateFloor, whichever is larger (a fraction: 0.001 = 0.1 %) */
  errorRateFloor: number;
  /** a bucket's p99 may be up to p99Factor × baseline p99 ... */
  p99Factor: number;
  /** ... or baseline p99 + p99SlackMs, whichever is larger */
  p99SlackMs: number;
  /**
   * The baseline itself must be healthy: above this error rate (a fraction) recovery is not judged, since "back to
   * baseline" would mean "back to failing" (a cache that died before the fault makes every later bucket look fine).
   */
  baselineMaxErrorRate: number;
}

export const DEFAULT_RECOVERY_TOLERANCES: Readonly<RecoveryTolerances> = Object.freeze({
  windowS: 5,
  errorRateFactor: 2,
  errorRateFloor: 0.001,
  p99Factor: 1.5,
  p99SlackMs: 10,
  baselineMaxErrorRate: 0.05,
});

export interface RecoveryLimits {
  errorRate: number;
  p99Ms: number;
}

export interface Recovery {
  recovered: boolean;
  /** fault -> start of the first healthy window, seconds; null when not recovered */
  seconds: number | null;
  /** epoch ms of the recovery point (start of the window, never before the fault); null when not recovered */
  recoveredAt: number | null;
  /** index of the window's first bucket; null when not recovered */
  windowStartIndex: number | null;
  /** the per-bucket limits that were applied */
  limits: RecoveryLimits;
  /** the window length in buckets */
  windowBuckets: number;
}

/** Per-bucket limits from the baseline medians: max(factor × baseline, floor or baseline + slack). */
export function recoveryLimits(
  baseline: { errorRate: number; p99Ms: number },
  tolerances: RecoveryTolerances,
): RecoveryLimits {
  return {
    errorRate: Math.max(tolerances.errorRateFactor * baseline.errorRate, tolerances.errorRateFloor),
    p99Ms: Math.max(tolerances.p99Factor * baseline.p99Ms, baseline.p99Ms + tolerances.p99SlackMs),
  };
}

/**
 * A bucket is healthy when it has at least one outcome, its error rate is within the limit and its p99 is within
 * the limit. A bucket with no outcome at all (nothing completed: a hang) is not evidence of health.
 */
export function isHealthyBucket(point: Pick<SeriesPoint, 'status' | 'latencyMs'>, limits: RecoveryLimits): boolean {
  const rate = errorRate(point.status);
  return rate !== null && rate <= limits.errorRate && point.latencyMs.p99 <= limits.p99Ms;
}

/**
 * DESIGN.md `recovery`: the first window of `windowS` worth of consecutive healthy buckets at or after the fault
 * bucket. The window may start at the bucket that holds the fault (a fault with no visible effect recovers in 0 s;
 * the time is clamped so it is never negative). It must complete before the series ends, otherwise the run did
 * not recover — the metastable outcome.
 */
export function findRecovery(
  series: readonly SeriesPoint[],
  at: { faultAt: number; faultIndex: number; intervalMs: number },
  baseline: { errorRate: number; p99Ms: number },
  tolerances: RecoveryTolerances = DEFAULT_RECOVERY_TOLERANCES,
): Recovery {
  const limits = recoveryLimits(baseline, tolerances);
  const windowBuckets = Math.max(1, Math.ceil((tolerances.windowS * 1000) / at.intervalMs - 1e-9));
  let run = 0;
  for (let i = Math.max(at.faultIndex, 0); i < series.length; i++) {
    run = isHealthyBucket(series[i] as SeriesPoint, limits) ? run + 1 : 0;
    if (run === windowBuckets) {
      const windowStartIndex = i - windowBuckets + 1;
      const recoveredAt = Math.max((series[windowStartIndex] as SeriesPoint).t, at.faultAt);
      return {
        recovered: true,
        seconds: (recoveredAt - at.faultAt) / 1000,
        recoveredAt,
        windowStartIndex,
        limits,
        windowBuckets,
      };
    }
  }
  return { recovered: false, seconds: null, recoveredAt: null, windowStartIndex: null, limits, windowBuckets };
}
