/**
 * The target arrival rate over the run as piecewise-linear segments (k6-style ramps), and the exact
 * inverse of its cumulative count: `timeAtCount(c)` is the t at which ∫₀ᵗ rate = c. Pacers place
 * request j at timeAtCount(j), so a ramp's intended times follow the ramp exactly, with no drift.
 */
import type { LoadSpec } from './spec.js';

interface Segment {
  /** seconds from the start of the run */
  startS: number;
  durationS: number;
  /** rate at the segment start, per second */
  fromRate: number;
  /** d(rate)/dt, per second² */
  slope: number;
  /** cumulative count at the segment start */
  startCount: number;
  count: number;
}

export type RateProfileSpec = Pick<LoadSpec, 'ratePerS' | 'stages' | 'startRatePerS' | 'durationS'>;

export class RateProfile {
  readonly durationS: number;
  /** expected number of arrivals over the whole profile (∫ rate), possibly fractional */
  readonly totalCount: number;
  readonly #segments: Segment[];
  #cursor = 0;

  constructor(spec: RateProfileSpec) {
    const stages =
      spec.stages.length > 0 ? spec.stages : [{ durationS: spec.durationS, targetRatePerS: spec.ratePerS }];
    let from = spec.stages.length > 0 ? spec.startRatePerS : spec.ratePerS;
    let startS = 0;
    let startCount = 0;
    this.#segments = [];
    for (const stage of stages) {
      const to = stage.targetRatePerS;
      const count = ((from + to) / 2) * stage.durationS;
      this.#segments.push({
        startS,
        durationS: stage.durationS,
        fromRate: from,
        slope: stage.durationS > 0 ? (to - from) / stage.durationS : 0,
        startCount,
        count,
      });
      startS += stage.durationS;
      startCount += count;
      from = to;
    }
    this.durationS = startS;
    this.totalCount = startCount;
  }

  /** Target rate (per second) at `tS` seconds into the run; 0 outside it. */
  rateAt(tS: number): number {
    for (const s of this.#segments) {
      if (tS >= s.startS && tS < s.startS + s.durationS) return s.fromRate + s.slope * (tS - s.startS);
    }
    return 0;
  }

  /** ∫₀ᵗ rate: expected arrivals in the first `tS` seconds. */
  countAt(tS: number): number {
    let total = 0;
    for (const s of this.#segments) {
      if (tS <= s.startS) break;
      const tau = Math.min(tS - s.startS, s.durationS);
      total += s.fromRate * tau + (s.slope * tau * tau) / 2;
    }
    return total;
  }

  /**
   * Seconds from the start at which the cumulative count reaches `count`; Infinity when the profile
   * never reaches it. Calls with increasing counts are O(1) amortised (a cursor walks the segments).
   */
  timeAtCount(count: number): number {
    if (!(count < this.totalCount)) return Number.POSITIVE_INFINITY;
    if (count < 0) return 0;
    let i = this.#cursor;
    const first = this.#segments[i];
    if (first === undefined || count < first.startCount) i = 0;
    for (; i < this.#segments.length; i++) {
      const s = this.#segments[i] as Segment;
      const within = count - s.startCount;
      // zero-rate segments have count 0 and are skipped; `within < s.count` picks the segment holding `count`
      if (within < s.count) {
        this.#cursor = i;
        return s.startS + Math.min(s.durationS, solveWithin(s.fromRate, s.slope, within));
      }
    }
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Solves a·τ + k·τ²/2 = c for the smallest τ >= 0, in the cancellation-free form
 * τ = 2c / (a + √(a² + 2kc)). Inside a segment a² + 2kc >= (rate at τ)² >= 0.
 */
function solveWithin(a: number, k: number, c: number): number {
  if (c <= 0) return 0;
  if (k === 0) return c / a;
  const disc = a * a + 2 * k * c;
  return (2 * c) / (a + Math.sqrt(Math.max(0, disc)));
}
