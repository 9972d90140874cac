/**
 * The origin's own counters: the ground truth every report reconciles against.
 * Series buckets sit on an epoch-aligned grid (`t = floor(now / intervalMs) * intervalMs`), the same grid
 * the load generator uses, so the two line up without resampling.
 *
 * TODO(fake-backend): the collector that fills these.
 */

export interface OriginBucket {
  /** bucket start, epoch ms */
  t: number;
  /** requests that reached the origin (any path) */
  arrivals: number;
  /** answered by a service slot (2xx/304/404) */
  served: number;
  /** 503s: queue full + queue timeout + paused-overflow */
  rejected503: number;
  /** highest in-flight (slots busy) seen in the bucket */
  maxInflight: number;
  /** highest queue length seen in the bucket */
  maxQueue: number;
  /** in-flight and queue length at the end of the bucket */
  inflight: number;
  queue: number;
}

export interface OriginTotals {
  arrivals: number;
  served: number;
  rejected503: number;
  rejectedQueueFull: number;
  rejectedQueueTimeout: number;
  maxInflight: number;
  maxQueue: number;
}

export interface BackendStats {
  startedAt: number;
  intervalMs: number;
  totals: OriginTotals;
  inflight: number;
  queue: number;
  paused: boolean;
  series: OriginBucket[];
  config: import('./options.js').BackendOptions;
}
