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
      row[name] = isGauge(name) ? value : value - (prev[name] ?? 0);
    }
    out.set(cur.t, row);
  }
  return out;
}

/** Over the whole run: counters' increase from the first sample to the last, gauges' last value. */
export function nativeTotals(samples: readonly StatsSample[]): Record<string, number> {
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const first = sorted[0]?.values ?? {};
  const last = sorted[sorted.length - 1]?.values ?? {};
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(last)) out[name] = isGauge(name) ? value : value - (first[name] ?? 0);
  return out;
}
