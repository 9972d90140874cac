import type { LatencySummaryMs, Phase, SeriesPoint } from '../record/report.js';
import type { HistogramOps } from '../record/histogram-ops.js';

/** Index range [start, end) into the series. */
export interface IndexRange {
  start: number;
  end: number;
}

export type PhaseRanges = Record<Exclude<Phase, 'all'>, IndexRange>;

/**
 * Bucket ranges of the phases: baseline (its window), incident (fault bucket -> first bucket of the recovery
 * window, or to the end when the run never recovered) and after (recovery window -> end). Buckets before the
 * baseline window (warm-up) belong to no phase but to `all`.
 */
export function phaseRanges(
  length: number,
  at: { baseline: IndexRange; faultIndex: number; recoveryStartIndex: number | null },
): PhaseRanges {
  const fault = Math.min(Math.max(at.faultIndex, 0), length);
  const recovery = at.recoveryStartIndex === null ? length : Math.min(Math.max(at.recoveryStartIndex, fault), length);
  return {
    baseline: { ...at.baseline },
    incident: { start: fault, end: recovery },
    after: { start: recovery, end: length },
  };
}

export interface PhaseLatency {
  /** merged encoded histogram per phase ('' when the phase has no samples) */
  histograms: Record<Phase, string>;
  latencyMs: Record<Phase, LatencySummaryMs>;
}

/**
 * Latency percentiles per phase from the MERGED per-bucket histograms (percentiles do not average: the p99 of a
 * phase is not a mean of bucket p99s). `allHistogram` (the generator's whole-run histogram) wins for `all` when
 * given, since it also holds completions outside the bucketed range.
 */
export function phaseLatency(
  series: readonly SeriesPoint[],
  ranges: PhaseRanges,
  ops: HistogramOps,
  allHistogram?: string,
): PhaseLatency {
  const merged = (r: IndexRange) => ops.merge(series.slice(r.start, r.end).map((p) => p.histogram ?? ''));
  const histograms: Record<Phase, string> = {
    all: allHistogram ?? merged({ start: 0, end: series.length }),
    baseline: merged(ranges.baseline),
    incident: merged(ranges.incident),
    after: merged(ranges.after),
  };
  return {
    histograms,
    latencyMs: {
      all: ops.summarize(histograms.all),
      baseline: ops.summarize(histograms.baseline),
      incident: ops.summarize(histograms.incident),
      after: ops.summarize(histograms.after),
    },
  };
}
