/**
 * The origin's own counters: the ground truth every report reconciles against.
 * Series buckets sit on an epoch-aligned grid (`t = floor(now / intervalMs) * intervalMs`), the same grid
 * the load generator uses, so the two line up without resampling.
 *
 * `StatsCollector` fills them from events (arrival, served, rejected, abandoned) and gauge changes (in-flight,
 * queue length). It keeps no per-request records and at most `maxBuckets` buckets, so memory stays flat under
 * any load. Invariant, between resets with nothing in progress at the reset:
 *   arrivals = served + rejected503 + abandoned + inflight + queue.
 */
import type { BackendOptions } from './options.js';
import type { Clock } from './clock.js';

export interface OriginBucket {
  /** bucket start, epoch ms */
  t: number;
  /** requests that reached the origin (any path) */
  arrivals: number;
  /** answered by a service slot (2xx/304/404) */
  served: number;
  /** 503s: queue full + queue timeout + paused-overflow */
  rejected503: number;
  /** clients that went away before their response was written (while queued or in service) */
  abandoned: number;
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
  /** clients that went away before their response was written */
  abandoned: number;
  maxInflight: number;
  maxQueue: number;
  /** health-path requests (a cache's probes): answered at once, never arrivals, outside the invariant above */
  probes: number;
}

export interface BackendStats {
  startedAt: number;
  /** epoch ms the counters and series start from: `startedAt`, or the last reset */
  countingSince: number;
  intervalMs: number;
  totals: OriginTotals;
  inflight: number;
  queue: number;
  paused: boolean;
  /** oldest first; the last bucket is the current, still open one (its inflight/queue are the live values) */
  series: OriginBucket[];
  config: BackendOptions;
}

/** What the collector reports; the server adds the live state (paused, config). */
export type StatsSnapshot = Pick<BackendStats, 'startedAt' | 'countingSince' | 'intervalMs' | 'totals' | 'inflight' | 'queue' | 'series'>;

export type RejectReason = 'queueFull' | 'queueTimeout';

export interface StatsCollectorOptions {
  intervalMs: number;
  clock: Clock;
  /** series length cap, the open bucket included (default 3600: an hour of 1 s buckets) */
  maxBuckets?: number;
}

export class StatsCollector {
  readonly intervalMs: number;
  readonly startedAt: number;
  readonly #clock: Clock;
  readonly #maxBuckets: number;
  #countingSince: number;
  #totals: OriginTotals;
  #closed: OriginBucket[] = [];
  #current: OriginBucket;
  #currentEnd: number;
  #inflight = 0;
  #queue = 0;

  constructor(options: StatsCollectorOptions) {
    this.intervalMs = options.intervalMs;
    this.#clock = options.clock;
    this.#maxBuckets = Math.max(1, options.maxBuckets ?? 3600);
    const now = this.#clock();
    this.startedAt = now;
    this.#countingSince = now;
    this.#totals = emptyTotals(0, 0);
    this.#current = this.#bucketAt(this.#gridStart(now));
    this.#currentEnd = this.#current.t + this.intervalMs;
  }

  arrival(): void {
    this.#roll(this.#clock());
    this.#totals.arrivals += 1;
    this.#current.arrivals += 1;
  }

  served(): void {
    this.#roll(this.#clock());
    this.#totals.served += 1;
    this.#current.served += 1;
  }

  rejected(reason: RejectReason): void {
    this.#roll(this.#clock());
    this.#totals.rejected503 += 1;
    if (reason === 'queueFull') this.#totals.rejectedQueueFull += 1;
    else this.#totals.rejectedQueueTimeout += 1;
    this.#current.rejected503 += 1;
  }

  /** A health probe: counted on its own, never an arrival. */
  probe(): void {
    this.#totals.probes += 1;
  }

  abandoned(): void {
    this.#roll(this.#clock());
    this.#totals.abandoned += 1;
    this.#current.abandoned += 1;
  }

  /** Record the live in-flight and queue length after a change. */
  gauges(inflight: number, queue: number): void {
    this.#roll(this.#clock());
    this.#inflight = inflight;
    this.#queue = queue;
    const b = this.#current;
    if (inflight > b.maxInflight) b.maxInflight = inflight;
    if (queue > b.maxQueue) b.maxQueue = queue;
    if (inflight > this.#totals.maxInflight) this.#totals.maxInflight = inflight;
    if (queue > this.#totals.maxQueue) this.#totals.maxQueue = queue;
  }

  /** Zero the counters and drop the series; the live gauges carry over (requests in progress stay in progress). */
  reset(): void {
    const now = this.#clock();
    this.#countingSince = now;
    this.#totals = emptyTotals(this.#inflight, this.#queue);
    this.#closed = [];
    this.#current = this.#bucketAt(this.#gridStart(now));
    this.#currentEnd = this.#current.t + this.intervalMs;
  }

  /** Totals and the series up to now (idle intervals filled in), as fresh plain objects. */
  snapshot(): StatsSnapshot {
    this.#roll(this.#clock());
    const open = { ...this.#current, inflight: this.#inflight, queue: this.#queue };
    return {
      startedAt: this.startedAt,
      countingSince: this.#countingSince,
      intervalMs: this.intervalMs,
      totals: { ...this.#totals },
      inflight: this.#inflight,
      queue: this.#queue,
      series: [...this.#closed.map((b) => ({ ...b })), open],
    };
  }

  #gridStart(now: number): number {
    return Math.floor(now / this.intervalMs) * this.intervalMs;
  }

  /** A bucket opening with the live gauges: they held at the start, so they are its first maxima. */
  #bucketAt(t: number): OriginBucket {
    const inflight = this.#inflight;
    const queue = this.#queue;
    return { t, arrivals: 0, served: 0, rejected503: 0, abandoned: 0, maxInflight: inflight, maxQueue: queue, inflight, queue };
  }

  /** Close the open bucket if `now` is past it, filling idle intervals in between. */
  #roll(now: number): void {
    if (now < this.#currentEnd) return;
    const iv = this.intervalMs;
    const t = this.#gridStart(now);
    const cur = this.#current;
    cur.inflight = this.#inflight;
    cur.queue = this.#queue;
    this.#closed.push(cur);
    // Only the newest maxBuckets - 1 closed buckets are kept, so a long idle gap costs at most that many.
    const first = Math.max(cur.t + iv, t - iv * (this.#maxBuckets - 1));
    for (let g = first; g < t; g += iv) this.#closed.push(this.#bucketAt(g));
    const excess = this.#closed.length - (this.#maxBuckets - 1);
    if (excess > 0) this.#closed.splice(0, excess);
    this.#current = this.#bucketAt(t);
    this.#currentEnd = t + iv;
  }
}

function emptyTotals(inflight: number, queue: number): OriginTotals {
  return {
    arrivals: 0,
    served: 0,
    rejected503: 0,
    rejectedQueueFull: 0,
    rejectedQueueTimeout: 0,
    abandoned: 0,
    maxInflight: inflight,
    maxQueue: queue,
    probes: 0,
  };
}
