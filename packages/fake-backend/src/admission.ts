/**
 * Admission policy (pure): what happens to a request arriving now.
 * - `serve`: a slot is free, nobody is waiting and the origin is not paused -> start service.
 * - `queue`: otherwise, if the waiting room has space -> wait in FIFO order.
 * - `reject`: the waiting room is full -> 503 at once.
 * A free slot with requests waiting never lets a newcomer jump the queue (FIFO), and a paused origin
 * starts nothing, so new arrivals queue or are rejected exactly as if every slot were busy.
 */

export type Admission = 'serve' | 'queue' | 'reject';

export interface AdmissionState {
  /** busy slots */
  inflight: number;
  /** requests waiting */
  queued: number;
  /** slot count (may be below `inflight` right after it was lowered at run time) */
  concurrency: number;
  /** waiting-room size */
  queue: number;
  paused: boolean;
}

export function admit(s: AdmissionState): Admission {
  if (!s.paused && s.inflight < s.concurrency && s.queued === 0) return 'serve';
  if (s.queued < s.queue) return 'queue';
  return 'reject';
}
