/**
 * One simulated run: arrivals (the generator's seeded streams) -> cache model -> origin model, driven by a virtual
 * clock over one event queue, counted into buckets shaped like the run record's series (record/report.ts
 * SeriesPoint), so the report wiring only has to fill in the record around them.
 *
 * Order of work at one instant: events already scheduled (origin completions and queue timeouts, in the order
 * they were scheduled), then timeline actions, then arrivals. Bucketing follows the real run: `sent` at the
 * intended send time, responses/status/cache/latency at the answer time, origin arrivals and 503s when they
 * happen, inflight/queue as at the bucket's end. The series covers [0, load.startAtMs + load.durationS); answers after the end
 * (the drain) are in `totals` only. Latency is measured from the intended send time, as the generator does.
 */
import { emptyStatusCounts, type RetryPolicy, type StatusCounts } from '@stampede/loadgen';
import { seededRng, type ServiceTimeModel } from '@stampede/fake-backend';
import type { SeriesPoint } from '../record/report.js';
import type { GraceSetting } from '../caches/options.js';
import { Arrivals, type ArrivalSpec } from './arrivals.js';
import { CACHE_LOCK_POLL, CacheModel, HIT, STALE, type CacheOutcomeCode, type SimStatus } from './cache-model.js';
import { cacheBehaviour, type CacheMode } from './cache-mode.js';
import { CLIENT_TIMEOUT, ClientModel, type ClientSink } from './client-model.js';
import { EventQueue } from './event-queue.js';
import { LatencySketch } from './latency-sketch.js';
import { ORIGIN_RESUME, OriginModel } from './origin-model.js';
import { permutedDraws } from './permuted-draws.js';
import type { SimTimelineStep } from './sim-timeline-step.js';
import { TimelinePlayer } from './timeline-player.js';
import { VirtualClock } from './virtual-clock.js';
import { MODEL_VERSION } from './model-version.js';

export type { SimTimelineStep } from './sim-timeline-step.js';

export interface SimulationSpec {
  /**
   * the load's fields as in LoadSpec (stages: [] and startRatePerS: 0 for a constant rate), workers resolved;
   * timeoutMs and retry as in LoadSpec (left out: no client timeout, no retries); timerPhaseMs: where the
   * generator's timer ticks fall, virtual ms (client-model.ts timeoutAt; default 0)
   */
  load: ArrivalSpec & { intervalMs: number; timeoutMs?: number; retry?: RetryPolicy; timerPhaseMs?: number };
  /** the fake origin's fields as in BackendOptions (defaults filled in) */
  origin: {
    concurrency: number;
    queue: number;
    queueTimeoutMs: number;
    serviceTime: ServiceTimeModel;
    contention: number;
    ttlS: number;
    staleWhileRevalidateS: number;
    ttlJitterPct: number;
    /** a waiter whose client went away is served anyway (default false: it leaves the queue) */
    serveAbandoned?: boolean;
    /** seeds service times (stream 0) and TTL jitter (stream 1) as the fake backend does; default load.seed */
    seed?: number;
    /**
     * varies which of the fetches waiting together gets which service-time draw (permuted-draws.ts: validate-model's
     * ensemble), the draws staying `seed`'s; default: in start order, as the fake backend hands them out
     */
    drawOrderSeed?: number;
  };
  /** the cache's fields as in ScenarioCache; grace left out = the origin's stale-while-revalidate */
  cache: { coalescing: boolean; grace?: GraceSetting; ttlOverrideS?: number; maxCount?: number };
  /** whose behaviour the cache has (cache-mode.ts): the scenario's cache.kind; default embedded */
  cacheMode?: CacheMode;
  /** `at` in seconds from t0 (simTimelineFromSpec maps a scenario's timeline) */
  timeline: readonly SimTimelineStep[];
  /** epoch ms of t0, the series' first `t` (default 0) */
  t0Ms?: number;
  /**
   * the system clock minus the run's clock, ms (default 0): where the system clock's whole seconds fall, which a
   * cache counting expiry in them (nginx) follows
   */
  wallClockOffsetMs?: number;
}

export interface SimulationTotals {
  sent: number;
  responses: number;
  status: StatusCounts;
  cache: { hit: number; miss: number; stale: number };
  origin: { arrivals: number; rejected503: number; served: number; queuedArrivals: number };
  /** origin slot-ms busy over [0, endMs]; utilisation = busySlotMs / (concurrency x endMs) */
  busySlotMs: number;
  /** virtual time the last event happened (ms from t0) */
  endMs: number;
  evictions: number;
  /** objects dropped by purge-keys and ban */
  banned: number;
  /** origin work done or left in vain (client gone) and fetches refused while it was down */
  abandoned: number;
  refused: number;
  /** warm restarts: warm fetches that failed */
  warmFailed: number;
  /** uncoalesced fetches aborted because their client timed out */
  abortedFetches: number;
  /** client retries (zeros without a retry policy) */
  retry: { retries: number; budgetDenied: number; gaveUp: number };
}

export interface SimulationResult {
  simulated: true;
  modelVersion: string;
  series: SeriesPoint[];
  totals: SimulationTotals;
  /** events the loop processed (arrivals, origin events, actions): the work measure for events per wall second */
  events: number;
  /** each series bucket's latency sketch (same order as `series`), for the report's encoded HDR per bucket */
  bucketLatency: LatencySketch[];
}


export function simulateRun(spec: SimulationSpec): SimulationResult {
  const { load, origin: o } = spec;
  const intervalMs = load.intervalMs;
  const durationMs = (load.startAtMs ?? 0) + load.durationS * 1000;
  const t0 = spec.t0Ms ?? 0;
  const bucketCount = Math.max(1, Math.ceil(durationMs / intervalMs));
  const originSeed = o.seed ?? load.seed;

  const clock = new VirtualClock();
  const events = new EventQueue();
  const buckets: Bucket[] = [];
  for (let i = 0; i < bucketCount; i++) buckets.push(newBucket(t0 + i * intervalMs));
  const totals: SimulationTotals = {
    sent: 0,
    responses: 0,
    status: emptyStatusCounts(),
    cache: { hit: 0, miss: 0, stale: 0 },
    origin: { arrivals: 0, rejected503: 0, served: 0, queuedArrivals: 0 },
    busySlotMs: 0,
    endMs: 0,
    evictions: 0,
    banned: 0,
    abandoned: 0,
    refused: 0,
    warmFailed: 0,
    abortedFetches: 0,
    retry: { retries: 0, budgetDenied: 0, gaveUp: 0 },
  };
  const withRetry = load.retry !== undefined;
  const bucketAt = (atMs: number): Bucket | undefined => buckets[Math.floor(atMs / intervalMs)];
  const out: ClientSink = {
    answered(atMs, status, outcome, latencyMs) {
      totals.responses++;
      countInto(totals.status, totals.cache, status, outcome);
      const b = bucketAt(atMs);
      if (b === undefined) return;
      b.responses++;
      countInto(b.status, b.cache, status, outcome);
      if (latencyMs >= 0) b.latency.record(latencyMs);
    },
    timedOut(atMs) {
      totals.status.timeout++;
      const b = bucketAt(atMs);
      if (b !== undefined) b.status.timeout++;
    },
    connFailed(atMs) {
      totals.status.connError++;
      const b = bucketAt(atMs);
      if (b !== undefined) b.status.connError++;
    },
    retried(atMs) {
      totals.retry.retries++;
      const b = bucketAt(atMs);
      if (b !== undefined) b.retry.retries++;
    },
    budgetDenied(atMs) {
      totals.retry.budgetDenied++;
      const b = bucketAt(atMs);
      if (b !== undefined) b.retry.budgetDenied++;
    },
    gaveUp(atMs) {
      totals.retry.gaveUp++;
      const b = bucketAt(atMs);
      if (b !== undefined) b.retry.gaveUp++;
    },
  };
  const client = new ClientModel(
    {
      ...(load.timeoutMs !== undefined ? { timeoutMs: load.timeoutMs } : {}),
      ...(load.timerPhaseMs !== undefined ? { timerPhaseMs: load.timerPhaseMs } : {}),
      ...(load.retry !== undefined ? { retry: load.retry } : {}),
      timeoutRetryDelayMs: cacheBehaviour(spec.cacheMode ?? 'embedded').timeoutRetryDelayMs,
      workers: Math.max(1, Math.trunc(load.workers)),
      seed: load.seed,
      sendUntilMs: durationMs,
      t0Ms: t0,
    },
    events,
    out,
  );
  const grace = spec.cache.grace;
  const cache = new CacheModel(
    {
      coalescing: spec.cache.coalescing,
      ...(grace === undefined ? {} : { graceS: grace === false ? 0 : grace.seconds }),
      ttlS: o.ttlS,
      ttlJitterPct: o.ttlJitterPct,
      staleWhileRevalidateS: o.staleWhileRevalidateS,
      ...(spec.cache.ttlOverrideS !== undefined ? { ttlOverrideS: spec.cache.ttlOverrideS } : {}),
      ...(spec.cache.maxCount !== undefined ? { maxCount: spec.cache.maxCount } : {}),
      clientsMayLeave: load.timeoutMs !== undefined,
      keys: load.keys,
      mode: spec.cacheMode ?? 'embedded',
      epochMs: t0 + (spec.wallClockOffsetMs ?? 0),
    },
    seededRng(originSeed, 1),
    client,
  );
  const draws = seededRng(originSeed, 0);
  const origin: OriginModel = new OriginModel(
    o,
    events,
    o.drawOrderSeed === undefined
      ? draws
      : permutedDraws(draws, seededRng(o.drawOrderSeed, 2), () => 1 + origin.queued),
    cache,
  );
  cache.connect(origin, events);
  client.connect(cache);
  const arrivals = new Arrivals(load);
  const timeline = new TimelinePlayer(spec.timeline, { cache, origin, events, keys: load.keys });
  let eventCount = 0;

  // bucket closing: gauges as at the bucket's end, counters as deltas
  let open = 0;
  let arrivalsSeen = 0;
  let rejectedSeen = 0;
  const closeUpTo = (timeMs: number): void => {
    while (open < bucketCount && (open + 1) * intervalMs <= timeMs) {
      const b = buckets[open] as Bucket;
      b.origin.arrivals = origin.arrivals - arrivalsSeen;
      b.origin.rejected503 = origin.rejected503 - rejectedSeen;
      arrivalsSeen = origin.arrivals;
      rejectedSeen = origin.rejected503;
      b.origin.inflight = origin.inflight;
      b.origin.queue = origin.queued;
      open++;
      if (open < bucketCount) {
        const nb = buckets[open] as Bucket;
        nb.origin.maxInflight = origin.inflight;
        nb.origin.maxQueue = origin.queued;
      }
    }
  };

  for (;;) {
    const tEvent = events.peekTime();
    const tAction = timeline.nextAtMs;
    const tArrival = arrivals.nextAtMs;
    // once the load and the timeline are over and the origin and clients are idle, what is left is a stale sweep
    if (tAction === Number.POSITIVE_INFINITY && tArrival === Number.POSITIVE_INFINITY && origin.idle && client.idle) break;
    const t = Math.min(tEvent, tAction, tArrival);
    closeUpTo(t);
    clock.advanceTo(t);
    eventCount++;
    if (tEvent === t) {
      events.pop();
      const kind = events.kind;
      if (kind <= ORIGIN_RESUME) origin.handle(kind, events.id, t);
      else if (kind === CACHE_LOCK_POLL) cache.handle(kind, events.id, t);
      else if (kind >= CLIENT_TIMEOUT) client.handle(kind, events.id, t);
      else timeline.handle(kind, events.id, t);
    } else if (tAction === t) {
      timeline.playNext(t);
    } else {
      // a run of arrivals, up to the next action, bucket end or event (an arrival may schedule one: re-read)
      const b = buckets[open];
      const stop = Math.min(tAction, (open + 1) * intervalMs);
      let ta = t;
      for (;;) {
        const key = arrivals.take();
        totals.sent++;
        client.send(key, arrivals.lastWorker, ta);
        if (b !== undefined) {
          b.sent++;
          if (origin.inflight > (b.origin.maxInflight as number)) b.origin.maxInflight = origin.inflight;
          if (origin.queued > (b.origin.maxQueue as number)) b.origin.maxQueue = origin.queued;
        }
        ta = arrivals.nextAtMs;
        if (!(ta < stop && ta < events.peekTime())) break;
        clock.advanceTo(ta);
        eventCount++;
      }
      continue;
    }
    const b = buckets[open];
    if (b !== undefined) {
      if (origin.inflight > (b.origin.maxInflight as number)) b.origin.maxInflight = origin.inflight;
      if (origin.queued > (b.origin.maxQueue as number)) b.origin.maxQueue = origin.queued;
    }
  }
  closeUpTo(bucketCount * intervalMs);

  totals.origin = { arrivals: origin.arrivals, rejected503: origin.rejected503, served: origin.served, queuedArrivals: origin.queuedArrivals };
  totals.endMs = clock.nowMs;
  totals.busySlotMs = origin.busySlotMs(clock.nowMs);
  totals.evictions = cache.evictions;
  totals.banned = cache.banned;
  totals.abandoned = origin.abandoned;
  totals.refused = origin.refused;
  totals.warmFailed = cache.warmFailed;
  totals.abortedFetches = cache.abortedFetches;
  return {
    simulated: true,
    modelVersion: MODEL_VERSION,
    series: buckets.map((b) => toSeriesPoint(b, withRetry)),
    totals,
    events: eventCount,
    bucketLatency: buckets.map((b) => b.latency),
  };
}

interface Bucket {
  t: number;
  sent: number;
  responses: number;
  status: StatusCounts;
  cache: { hit: number; miss: number; stale: number };
  latency: LatencySketch;
  origin: SeriesPoint['origin'];
  retry: { retries: number; budgetDenied: number; gaveUp: number };
}

function newBucket(t: number): Bucket {
  return {
    t,
    sent: 0,
    responses: 0,
    status: emptyStatusCounts(),
    cache: { hit: 0, miss: 0, stale: 0 },
    latency: new LatencySketch(),
    origin: { arrivals: 0, rejected503: 0, inflight: 0, queue: 0, maxInflight: 0, maxQueue: 0 },
    retry: { retries: 0, budgetDenied: 0, gaveUp: 0 },
  };
}

function countInto(status: StatusCounts, c: { hit: number; miss: number; stale: number }, code: SimStatus, outcome: CacheOutcomeCode): void {
  if (code === 200) status['2xx']++;
  else if (code === 503) status['503']++;
  else status['5xx']++;
  if (outcome === HIT) c.hit++;
  else if (outcome === STALE) c.stale++;
  else c.miss++;
}

function toSeriesPoint(b: Bucket, withRetry: boolean): SeriesPoint {
  return {
    t: b.t,
    sent: b.sent,
    responses: b.responses,
    status: b.status,
    cache: { ...b.cache, pass: 0 },
    latencyMs: { p50: b.latency.percentileMs(50), p99: b.latency.percentileMs(99), max: b.latency.maxMs },
    origin: b.origin,
    dropped: 0,
    ...(withRetry ? { retry: b.retry } : {}),
  };
}

