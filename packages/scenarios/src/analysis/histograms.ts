/**
 * The seam between analysis and HDR histograms. Analysis never decodes a histogram itself: it is handed
 * `HistogramOps` (tests inject exact stubs; runs use loadgen's, the package that owns hdr-histogram-js).
 * Encoded histograms are hdr-histogram-js compressed base64 of integer microseconds; '' means "no samples".
 */
import {
  decodeHistogram,
  mergeEncodedHistograms,
  percentileMs,
  summarizeHistogram,
  type LatencySummaryMs,
} from '@stampede/loadgen';

/** Merge and summarise encoded histograms. Both must accept '' as an empty histogram. */
export interface HistogramOps {
  /** one encoded histogram holding every sample of `encoded` ('' when all are empty) */
  merge(encoded: readonly string[]): string;
  /** p50, p90, p99, p99.9 and max in milliseconds (all 0 for an empty histogram) */
  summarize(encoded: string): LatencySummaryMs;
  /** latency in ms at each percentile (0..100) of `encoded`; used for percentile curves. Optional. */
  percentiles?(encoded: string, percentiles: readonly number[]): number[];
}

export const EMPTY_LATENCY: Readonly<LatencySummaryMs> = Object.freeze({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });

/**
 * HistogramOps backed by @stampede/loadgen, the package that owns hdr-histogram-js. '' (no samples) is handled
 * here: merging only empties gives '' again, so phases without samples stay visibly empty in report.json.
 */
export const loadgenHistogramOps: HistogramOps = {
  merge(encoded) {
    const present = encoded.filter((e) => e !== '');
    if (present.length === 0) return '';
    return present.length === 1 ? (present[0] as string) : mergeEncodedHistograms(present);
  },
  summarize(encoded) {
    return encoded === '' ? { ...EMPTY_LATENCY } : summarizeHistogram(encoded);
  },
  percentiles(encoded, percentiles) {
    if (encoded === '') return percentiles.map(() => 0);
    const histogram = decodeHistogram(encoded);
    return percentiles.map((p) => percentileMs(histogram, p));
  },
};
