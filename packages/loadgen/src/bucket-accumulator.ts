/**
 * One worker's counters and latency histogram for one interval. Accumulators are recycled (reset)
 * rather than reallocated: a worker keeps a small ring of them.
 */
import { emptyCacheCounts } from './cache-outcome.js';
import { createHistogram, encodeHistogram, type LatencyHistogram } from './histogram.js';
import type { WorkerBucket } from './protocol.js';
import type { CacheCounts, StatusCounts } from './result.js';
import { emptyStatusCounts } from './status-class.js';

export class BucketAccumulator {
  /** interval index (t / intervalMs); -1 when free */
  index = -1;
  intended = 0;
  sent = 0;
  dropped = 0;
  responses = 0;
  /** retry counters (only reported when the run has a retry policy) */
  retries = 0;
  budgetDenied = 0;
  gaveUp = 0;
  status: StatusCounts = emptyStatusCounts();
  cache: CacheCounts = emptyCacheCounts();
  readonly histogram: LatencyHistogram = createHistogram();

  open(index: number): this {
    this.index = index;
    return this;
  }

  /** The interval as a message (histogram encoded), then frees the accumulator for reuse. */
  take(intervalMs: number, withRetry = false): WorkerBucket {
    const bucket: WorkerBucket = {
      t: this.index * intervalMs,
      intended: this.intended,
      sent: this.sent,
      dropped: this.dropped,
      responses: this.responses,
      status: this.status,
      cache: this.cache,
      histogram: encodeHistogram(this.histogram),
    };
    if (withRetry) bucket.retry = { retries: this.retries, budgetDenied: this.budgetDenied, gaveUp: this.gaveUp };
    this.index = -1;
    this.retries = 0;
    this.budgetDenied = 0;
    this.gaveUp = 0;
    this.intended = 0;
    this.sent = 0;
    this.dropped = 0;
    this.responses = 0;
    this.status = emptyStatusCounts();
    this.cache = emptyCacheCounts();
    this.histogram.reset();
    return bucket;
  }
}

/** The message for an interval in which nothing happened. */
export function emptyWorkerBucket(t: number, emptyHistogram: string, withRetry = false): WorkerBucket {
  const bucket: WorkerBucket = {
    t,
    intended: 0,
    sent: 0,
    dropped: 0,
    responses: 0,
    status: emptyStatusCounts(),
    cache: emptyCacheCounts(),
    histogram: emptyHistogram,
  };
  if (withRetry) bucket.retry = { retries: 0, budgetDenied: 0, gaveUp: 0 };
  return bucket;
}
