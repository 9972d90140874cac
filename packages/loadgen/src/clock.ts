/**
 * The one clock (DESIGN.md): epoch milliseconds as `performance.timeOrigin + performance.now()`, in every
 * thread. Monotonic within a thread; float with sub-microsecond resolution.
 */
export type Clock = () => number;

/** this thread's correction to a controller's clock (a shard's measured offset); 0 unless correctClock was called */
let correctionMs = 0;

export const epochNow: Clock = () => performance.timeOrigin + performance.now() + correctionMs;

/**
 * Corrects this thread's clock by `offsetMs` (LoadSpec.clockOffsetMs): a shard's load generator then reads the
 * controller's time, and its buckets join the controller's grid. Each thread has its own: the generator sets it
 * in the main thread and in every worker from the spec.
 */
export function correctClock(offsetMs: number): void {
  correctionMs = offsetMs;
}

/** Start of the epoch-aligned interval holding `timeMs`: floor(time / interval) × interval. */
export function bucketStart(timeMs: number, intervalMs: number): number {
  return Math.floor(timeMs / intervalMs) * intervalMs;
}

/**
 * The run's t0: the first interval boundary at least `leadMs` after `nowMs`, so that every worker has
 * received it before it comes, and bucket 0 starts exactly at t0.
 */
export function alignedStart(nowMs: number, intervalMs: number, leadMs = 50): number {
  return Math.ceil((nowMs + leadMs) / intervalMs) * intervalMs;
}
