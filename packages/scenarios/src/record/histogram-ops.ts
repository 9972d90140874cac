/**
 * The seam between the record and HDR histograms. Nothing under record/ or analysis/ decodes a histogram itself:
 * it is handed `HistogramOps` (tests inject exact stubs; runs use loadgen's, built in loadgen-histogram-ops.ts by
 * the orchestrator and the CLI). Encoded histograms are hdr-histogram-js compressed base64 of integer
 * microseconds; '' means "no samples".
 */
import type { LatencySummaryMs } from './report.js';

/** Merge and summarise encoded histograms. Both must accept '' as an empty histogram. */
export interface HistogramOps {
  /** one encoded histogram holding every sample of `encoded` ('' when all are empty): decode, add, encode */
  merge(encoded: readonly string[]): string;
  /** p50, p90, p99, p99.9 and max in milliseconds (all 0 for an empty histogram) */
  summarize(encoded: string): LatencySummaryMs;
  /** latency in ms at each percentile (0..100) of `encoded`; used for percentile curves. Optional. */
  percentiles?(encoded: string, percentiles: readonly number[]): number[];
}

export const EMPTY_LATENCY: Readonly<LatencySummaryMs> = Object.freeze({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
