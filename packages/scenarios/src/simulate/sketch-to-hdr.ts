/**
 * A simulated bucket's latencies as the encoded HDR histogram a real run's bucket carries (hdr-histogram-js
 * compressed base64 of integer µs, through @stampede/loadgen's histogram helpers), so phases, percentiles and
 * merges read a simulated report exactly as a measured one. Each sketch bin is recorded at its representative
 * value with its count (within the sketch's 1%); the exact maximum is recorded as itself. '' = no samples.
 */
import { createHistogram, encodeHistogram } from '@stampede/loadgen';
import type { LatencySketch } from './latency-sketch.js';

export function sketchToHdr(sketch: LatencySketch): string {
  if (sketch.count === 0) return '';
  const histogram = createHistogram();
  const bins = sketch.bins();
  bins.forEach(([ms, count], i) => {
    // the last bin holds the maximum: one sample of it is the exact max, the rest stay at the bin's value
    const rest = i === bins.length - 1 ? count - 1 : count;
    if (rest > 0) histogram.recordValueWithCount(toUs(ms), rest);
  });
  histogram.recordValue(toUs(sketch.maxMs));
  return encodeHistogram(histogram);
}

/** loadgen's recordMs rounding (integer µs, negatives as 0), for a count of samples at once */
function toUs(ms: number): number {
  return ms > 0 ? Math.round(ms * 1000) : 0;
}
