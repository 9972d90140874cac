/**
 * HistogramOps backed by @stampede/loadgen, the package that owns hdr-histogram-js. The shell (the orchestrator,
 * the CLI's offline commands, the report writer's default) hands these to the pure record and analysis code.
 * '' (no samples) is handled here: merging only empties gives '' again, so phases without samples stay visibly
 * empty in report.json.
 */
import { decodeHistogram, mergeEncodedHistograms, percentileMs, summarizeHistogram } from '@stampede/loadgen';
import { EMPTY_LATENCY, type HistogramOps } from './record/histogram-ops.js';

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
