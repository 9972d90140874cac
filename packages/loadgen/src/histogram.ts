/**
 * Latency histograms: the only module that imports hdr-histogram-js. Values are integer microseconds
 * (3 significant digits, auto-resizing); they cross threads and files as compressed base64, and
 * merging encoded histograms gives exactly the histogram of all their samples.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencySummaryMs } from './result.js';

/** A recording histogram (µs). Opaque outside this module: use the functions below. */
export type LatencyHistogram = hdr.Histogram;

const SIGNIFICANT_DIGITS = 3;
/** initial range; histograms auto-resize beyond it */
const INITIAL_HIGHEST_US = 60_000_000;

export function createHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 32,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    lowestDiscernibleValue: 1,
    highestTrackableValue: INITIAL_HIGHEST_US,
    autoResize: true,
    useWebAssembly: false,
  });
}

/** Records a duration given in (float) milliseconds as integer microseconds; negatives count as 0. */
export function recordMs(histogram: LatencyHistogram, ms: number): void {
  histogram.recordValue(ms > 0 ? Math.round(ms * 1000) : 0);
}

export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes into a fresh auto-resizing histogram (decoded histograms are fixed-size otherwise). */
export function decodeHistogram(encoded: string): LatencyHistogram {
  const out = createHistogram();
  if (encoded !== '') out.add(hdr.decodeFromCompressedBase64(encoded, 32, false));
  return out;
}

/** Adds an encoded histogram's samples into `target`. */
export function addEncoded(target: LatencyHistogram, encoded: string): void {
  if (encoded !== '') target.add(hdr.decodeFromCompressedBase64(encoded, 32, false));
}

/** Merges encoded histograms (e.g. buckets into a phase, workers into a run): exact, order-free. */
export function mergeEncodedHistograms(list: readonly string[]): string {
  const merged = createHistogram();
  for (const encoded of list) addEncoded(merged, encoded);
  return encodeHistogram(merged);
}

/** The encoding of a histogram with no samples. */
export function emptyEncodedHistogram(): string {
  return encodeHistogram(createHistogram());
}

/** Samples in a histogram (encoded or not). */
export function histogramCount(histogram: LatencyHistogram | string): number {
  return (typeof histogram === 'string' ? decodeHistogram(histogram) : histogram).totalCount;
}

/** Value at a percentile (0–100) in milliseconds; 0 for an empty histogram. */
export function percentileMs(histogram: LatencyHistogram, percentile: number): number {
  if (histogram.totalCount === 0) return 0;
  return usToMs(histogram.getValueAtPercentile(percentile));
}

/**
 * Largest sample in milliseconds, to the histogram's resolution (the top of its bucket, as after an
 * encode/decode round trip: a recorded histogram and its decoding report the same max); 0 when empty.
 */
export function maxMs(histogram: LatencyHistogram): number {
  return percentileMs(histogram, 100);
}

/** p50, p90, p99, p99.9 and max in milliseconds (µs resolution); all 0 for an empty histogram. */
export function summarizeHistogram(histogram: LatencyHistogram | string): LatencySummaryMs {
  const h = typeof histogram === 'string' ? decodeHistogram(histogram) : histogram;
  if (h.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  return {
    p50: percentileMs(h, 50),
    p90: percentileMs(h, 90),
    p99: percentileMs(h, 99),
    p999: percentileMs(h, 99.9),
    max: maxMs(h),
  };
}

function usToMs(us: number): number {
  return Math.round(us) / 1000;
}
