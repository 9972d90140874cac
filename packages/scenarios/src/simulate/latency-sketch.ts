/**
 * A small mergeable latency sketch for simulated buckets: log-spaced bins of ratio GAMMA (each value is reported
 * within +/- 1% of itself), zeros counted apart, the maximum kept exactly. Memory grows with the spread of the
 * values (a few hundred bins), not with their count, so a bucket of a million responses stays small.
 * Chosen over HDR here because the simulator has no HDR dependency of its own; the report wiring can turn a sketch
 * into an encoded HDR (`bins()`: value, count pairs) when it needs one.
 */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);

export class LatencySketch {
  readonly #bins = new Map<number, number>();
  #zeros = 0;
  count = 0;
  maxMs = 0;

  record(ms: number): void {
    this.count++;
    if (ms > this.maxMs) this.maxMs = ms;
    if (ms <= 0) {
      this.#zeros++;
      return;
    }
    const i = Math.ceil(Math.log(ms) / LOG_GAMMA);
    this.#bins.set(i, (this.#bins.get(i) ?? 0) + 1);
  }

  /** latency at percentile `p` (0..100), within 1%; 0 when empty; p = 100 is the exact maximum */
  percentileMs(p: number): number {
    if (this.count === 0) return 0;
    if (p >= 100) return this.maxMs;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    if (rank <= this.#zeros) return 0;
    let seen = this.#zeros;
    for (const [ms, n] of this.#positive()) {
      seen += n;
      if (seen >= rank) return Math.min(ms, this.maxMs);
    }
    return this.maxMs;
  }

  /** [representative value ms, count] per non-empty bin, ascending (zeros first) */
  bins(): [number, number][] {
    return this.#zeros > 0 ? [[0, this.#zeros], ...this.#positive()] : this.#positive();
  }

  #positive(): [number, number][] {
    const idx = [...this.#bins.keys()].sort((a, b) => a - b);
    // the bin (gamma^(i-1), gamma^i] is represented by its midpoint in relative terms
    return idx.map((i) => [(2 * Math.pow(GAMMA, i)) / (GAMMA + 1), this.#bins.get(i) as number]);
  }
}
