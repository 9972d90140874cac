/**
 * NTP-style clock offset from request/response round trips: the shard sends at t1 (its clock), the controller
 * stamps t2 (its clock), the shard receives at t4. Assuming symmetric paths, offset = t2 - (t1 + t4) / 2 (the
 * controller's clock minus the shard's), known to within ± rtt / 2. The sample with the smallest round trip is
 * the most exact (as NTP's clock filter picks it).
 */

export interface SyncSample {
  /** shard clock when the request left */
  t1: number;
  /** controller clock when it answered */
  t2: number;
  /** shard clock when the answer came */
  t4: number;
}

export interface ClockOffset {
  /** controller clock - shard clock, ms: add it to the shard's clock to read the controller's */
  offsetMs: number;
  /** round trip of the sample used; the offset is exact to within ± rttMs / 2 */
  rttMs: number;
  samples: number;
}

export function clockOffset(samples: readonly SyncSample[]): ClockOffset {
  let best: SyncSample | undefined;
  for (const s of samples) if (!best || s.t4 - s.t1 < best.t4 - best.t1) best = s;
  if (!best) throw new RangeError('clock sync needs at least one sample');
  return { offsetMs: best.t2 - (best.t1 + best.t4) / 2, rttMs: best.t4 - best.t1, samples: samples.length };
}
