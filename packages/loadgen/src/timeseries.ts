/**
 * Per-interval buckets (pure): merging the workers' parts of one interval into a LoadBucket, and
 * assembling a run's series from parts that arrive per worker, in any interleaving.
 */
import { addCacheCounts, emptyCacheCounts } from './cache-outcome.js';
import {
  addEncoded,
  createHistogram,
  encodeHistogram,
  maxMs,
  percentileMs,
  type LatencyHistogram,
} from './histogram.js';
import type { WorkerBucket } from './protocol.js';
import type { LoadBucket, RetryCounts } from './result.js';
import { addStatusCounts, emptyStatusCounts } from './status-class.js';

/**
 * Merges the workers' parts of interval `t` (counts summed, histograms merged exactly). When `into`
 * is given, the interval's latency samples are added to it as well (the whole-run histogram).
 */
export function mergeBuckets(t: number, parts: readonly WorkerBucket[], into?: LatencyHistogram): LoadBucket {
  const histogram = createHistogram();
  const bucket = {
    t,
    intended: 0,
    sent: 0,
    dropped: 0,
    responses: 0,
    status: emptyStatusCounts(),
    cache: emptyCacheCounts(),
  };
  let retry: RetryCounts | undefined;
  for (const part of parts) {
    if (part.retry) {
      retry ??= { retries: 0, budgetDenied: 0, gaveUp: 0 };
      retry.retries += part.retry.retries;
      retry.budgetDenied += part.retry.budgetDenied;
      retry.gaveUp += part.retry.gaveUp;
    }
    bucket.intended += part.intended;
    bucket.sent += part.sent;
    bucket.dropped += part.dropped;
    bucket.responses += part.responses;
    addStatusCounts(bucket.status, part.status);
    addCacheCounts(bucket.cache, part.cache);
    addEncoded(histogram, part.histogram);
  }
  if (into) into.add(histogram);
  return {
    ...bucket,
    latencyMs: {
      p50: percentileMs(histogram, 50),
      p99: percentileMs(histogram, 99),
      max: maxMs(histogram),
    },
    histogram: encodeHistogram(histogram),
    ...(retry ? { retry } : {}),
  };
}

/**
 * Collects workers' bucket parts and releases each interval, in order, as soon as every worker has
 * reported it or finished (a finished worker reports nothing more: its later intervals are empty).
 */
export class BucketAssembler {
  readonly #pending = new Map<number, WorkerBucket[]>();
  /** per worker: the last interval start reported, -Infinity before the first */
  readonly #reported: number[];
  readonly #finished: boolean[];
  readonly #into: LatencyHistogram | undefined;

  constructor(workers: number, into?: LatencyHistogram) {
    this.#reported = new Array<number>(workers).fill(Number.NEGATIVE_INFINITY);
    this.#finished = new Array<boolean>(workers).fill(false);
    this.#into = into;
  }

  /** Adds worker `worker`'s part of interval `part.t`; returns the intervals now complete, in order. */
  add(worker: number, part: WorkerBucket): LoadBucket[] {
    const parts = this.#pending.get(part.t);
    if (parts) parts.push(part);
    else this.#pending.set(part.t, [part]);
    this.#reported[worker] = Math.max(this.#reported[worker] ?? Number.NEGATIVE_INFINITY, part.t);
    return this.#release();
  }

  /** Marks a worker finished; returns the intervals now complete, in order. */
  finish(worker: number): LoadBucket[] {
    this.#finished[worker] = true;
    return this.#release();
  }

  /** Releases everything still pending, complete or not (a forced end of the run). */
  flushAll(): LoadBucket[] {
    return [...this.#pending.keys()].sort((a, b) => a - b).map((t) => this.#take(t));
  }

  #release(): LoadBucket[] {
    const out: LoadBucket[] = [];
    for (;;) {
      let first = Number.POSITIVE_INFINITY;
      for (const t of this.#pending.keys()) if (t < first) first = t;
      if (first === Number.POSITIVE_INFINITY) return out;
      const complete = this.#reported.every((r, w) => this.#finished[w] === true || r >= first);
      if (!complete) return out;
      out.push(this.#take(first));
    }
  }

  #take(t: number): LoadBucket {
    const parts = this.#pending.get(t) ?? [];
    this.#pending.delete(t);
    return mergeBuckets(t, parts, this.#into);
  }
}
