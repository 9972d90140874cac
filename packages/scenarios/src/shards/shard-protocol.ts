/**
 * The HTTP protocol between shards and the controller (JSON bodies; every request names its run and index):
 *
 *   GET  /time                  -> { t }                 the controller's clock, for clock sync (clock-sync.ts)
 *   POST /ready   ShardReady    -> BarrierAnswer         long poll: answered when every shard is ready (the start
 *                                                        barrier), or the run gave up on the barrier
 *   GET  /stop?index=i          -> { stop: true }        long poll: answered when the controller stops the load
 *   POST /bucket  ShardBucket   -> { ok: true }          one interval of the shard's load, as it completes
 *   POST /result  ShardResult   -> { ok: true }          the shard's whole result, at its end
 *   POST /failed  ShardFailed   -> { ok: true }          the shard could not run (its error), before it exits
 */
import type { LoadBucket, LoadResult } from '@stampede/loadgen';

export interface ShardHello {
  runId: string;
  index: number;
}

export interface ShardReady extends ShardHello {
  /** controller clock - shard clock, measured (clock-sync.ts) */
  offsetMs: number;
  rttMs: number;
}

export type BarrierAnswer =
  /** start the load at this instant (controller clock, epoch ms, on the interval grid) */
  | { startAt: number }
  /** do not start: why (another shard failed the barrier, an offset too large, the run was interrupted) */
  | { abort: string };

export interface ShardBucket extends ShardHello {
  bucket: LoadBucket;
}

/** What a shard delivers at its end (also its last log line, and `stampede merge` input). */
export interface ShardResult extends ShardHello {
  schema: typeof SHARD_RESULT_SCHEMA;
  shards: number;
  /** controller clock - shard clock as measured at the barrier, and applied to the shard's clock; 0 without a controller */
  clockOffsetMs: number;
  rttMs: number;
  result: LoadResult;
  /**
   * set by the controller, never by a shard: the shard delivered no result (it died or failed), and `result` is
   * what it streamed before. `stampede merge` then keeps its buckets and reports it as the live run did.
   */
  partial?: { state: 'died' | 'failed'; reason: string };
}

export interface ShardFailed extends ShardHello {
  error: string;
}

export const SHARD_RESULT_SCHEMA = 'stampede.shard-result/v1';
