/**
 * The cache's own counters (varnishstat MAIN.*, the embedded cache's), sampled once per interval during the run,
 * turned into per-bucket values: deltas for counters, the sampled value for gauges. Pure.
 */

export interface StatsSample {
  /** the bucket the sample closes, epoch ms */
  t: number;
  values: Record<string, number>;
}

/** Counters that are levels, not running totals: reported as sampled. */
const GAUGE = /(^|\.)(n_object|n_objectcore|n_objecthead|n_expired_?pending|thread_queue_len|threads|n_backend|inflight|entries|size|bytes)$/;

export function isGauge(name: string): boolean {
  return GAUGE.test(name);
}

/** bucket t -> name -> value (delta since the previous sample for counters; the first sample yields nothing). */
export function nativeStatsSeries(samples: readonly StatsSample[]): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!.values;
    const cur = sorted[i]!;
    const row: Record<string, number> = {};
    for (const [name, value] of Object.entries(cur.values)) {
      row[name] = isGauge(name) ? value : counterDelta(prev[name], value);
    }
    out.set(cur.t, row);
  }
  return out;
}

/**
 * A counter's increase between two samples. A counter that went down was reset (a Varnish child restart starts its
 * counters from zero): the increase since the reset is the new value.
 */
export function counterDelta(previous: number | undefined, current: number): number {
  return previous === undefined || current < previous ? current : current - previous;
}

/**
 * Over the whole run: counters' total increase (summed sample to sample, so a reset mid-run is not lost), gauges'
 * last value.
 */
export function nativeTotals(samples: readonly StatsSample[]): Record<string, number> {
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const out: Record<string, number> = {};
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!.values;
    for (const [name, value] of Object.entries(sorted[i]!.values)) {
      out[name] = isGauge(name) ? value : (out[name] ?? 0) + counterDelta(prev[name], value);
    }
  }
  return out;
}
