/**
 * The main <-> worker protocol: a small typed discriminated union over one MessagePort per worker.
 * A worker posts `ready` once, then exactly one `bucket` per interval from t0 (epoch-aligned, in order,
 * empty intervals included) until it finishes, then `done`. Never one message per request.
 */
import type { MessagePort } from 'node:worker_threads';
import type { LoadBucket } from './result.js';
import type { LoadSpec } from './spec.js';

/** The piscina task: one long-running task per worker thread. */
export interface WorkerTask {
  spec: LoadSpec;
  worker: number;
  workers: number;
  /** this worker's share of spec.connections */
  connections: number;
  /** transferred; the worker's end of its channel */
  port: MessagePort;
}

/** One interval of one worker: LoadBucket without the derived latency summary. */
export type WorkerBucket = Omit<LoadBucket, 'latencyMs'>;

export type MainToWorker =
  /** begin the schedule at t0 (epoch ms, interval-aligned, in the near future) */
  | { type: 'start'; t0: number }
  /** stop scheduling now; drain in-flight requests (up to timeoutMs), flush, then `done` */
  | { type: 'stop' };

export type WorkerToMain =
  /** undici Pool created and keys precomputed: ready for `start` */
  | { type: 'ready'; worker: number }
  | { type: 'bucket'; worker: number; bucket: WorkerBucket }
  | {
      type: 'done';
      worker: number;
      /** bucket messages posted before this one */
      buckets: number;
      /** whole-run histograms of this worker, encoded (µs) */
      serviceTime: string;
      scheduleLag: string;
      /** response body bytes received */
      bodyBytes: number;
    };

/** What the piscina task resolves with (the data itself travels on the port). */
export interface WorkerExit {
  worker: number;
  buckets: number;
}
