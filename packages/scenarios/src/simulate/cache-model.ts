/**
 * The cache in virtual time, per key:
 * - fresh (now < freshUntil): HIT at once;
 * - in grace (freshUntil <= now < staleUntil): STALE at once, and one background fetch refreshes the key (a second
 *   stale request while it is in flight starts nothing) — grace / stale-while-revalidate;
 * - otherwise a miss: the request that starts a fetch is a MISS; with coalescing, a later request joins the key's
 *   fetch in flight (foreground or background) and is answered when it ends, as a HIT — a request parked on
 *   Varnish's waiting list looks up again once the object is in and hits it; without coalescing, every miss is its
 *   own origin fetch and a MISS. A fetch that ends in an error answers its initiator and its joiners with it (MISS).
 * A fetch's 200 stores the object with TTL = ttlOverrideS, or the origin's ttlS with its jitter (the fake
 * backend's `jitteredTtlS`, with the origin's settings when the response was produced), plus grace (the cache's,
 * else the origin's stale-while-revalidate); an error stores nothing (a stale copy stays). The cache's side of
 * that (ttlOverrideS, grace) is the configuration the fetch started under, as in every real cache: the embedded
 * cache's freshness interceptor reads its policy when it dispatches the fetch, a Varnish fetch runs
 * vcl_backend_response in the VCL its request began in, and nginx's old workers finish their requests on the old
 * configuration. So the fetches in flight when a TTL-0 deploy is rolled back still store revalidation-only objects.
 * `maxCount` bounds the stored objects, least recently used evicted first.
 *
 * Run-time changes (the timeline, sim-timeline-step.ts), as the embedded cache does them:
 * - purgeAll / purgeKeys / ban drop stored objects; fetches in flight carry on and store what they bring (the
 *   embedded store indexes an object when its response starts, after the purge);
 * - restartCold empties the store and forgets the coalescing state (a new deduplicate() chain): later requests do
 *   not join fetches in flight, which still answer their own waiters and store. Where the restart takes the cache
 *   away (Varnish, nginx: restartOutageMs), every request in flight through it fails with CONN_ERROR, its fetches
 *   in flight are abandoned at the origin, and requests fail the same way until it serves again;
 * - reconfigure (reload-cache-config) changes coalescing, grace, ttlOverrideS, maxCount (enforced at once) and, as
 *   the embedded cache composes a new chain, forgets the coalescing state too;
 * - a warm restart (`warmFetch` then `warmSwap`): a separate, empty generation is filled by warm fetches while this
 *   one serves; at the swap it replaces the store, and fetches in flight from before no longer store anything.
 *
 * Memory: state exists only for keys stored or in flight; an object past its grace is dropped when next seen.
 */
import { jitteredTtlS, type Rng } from '@stampede/fake-backend';
import { cacheBehaviour, type CacheBehaviour, type CacheMode } from './cache-mode.js';
import type { EventQueue } from './event-queue.js';
import { FetchTable } from './fetch-table.js';
import { KeySlots } from './key-slots.js';
import { KeyStore } from './key-store.js';
import { NO_RESPONSE, type OriginListener, type OriginStatus } from './origin-model.js';

export const HIT = 0;
export const MISS = 1;
export const STALE = 2;
export type CacheOutcomeCode = typeof HIT | typeof MISS | typeof STALE;

/** A request that got no HTTP answer: the cache's process went away (connError; not a response). */
export const CONN_ERROR = 0;

/**
 * What a client can be answered: 200, the origin's 503, 502 when the origin cannot be reached, or CONN_ERROR when
 * the cache itself is away (an in-place restart).
 */
export type SimStatus = typeof CONN_ERROR | 200 | 502 | 503;

/** undici's REVALIDATION_ONLY_RETENTION (lib/handler/cache-handler.js): how long a zero-lifetime entry is kept */
const REVALIDATION_ONLY_RETENTION_MS = 86_400_000;

export interface CacheModelConfig {
  /** which cache's behaviour (cache-mode.ts); default embedded */
  mode?: CacheMode;
  coalescing: boolean;
  /** serve stale this long past expiry while one background fetch refreshes; undefined: the origin's swr */
  graceS?: number;
  /** the origin's max-age, its jitter (percent, +/-) and stale-while-revalidate (default 0) */
  ttlS: number;
  ttlJitterPct: number;
  staleWhileRevalidateS?: number;
  /** cache everything this long whatever the origin says (no jitter) */
  ttlOverrideS?: number;
  /** most objects kept (LRU beyond it); undefined = unbounded */
  maxCount?: number;
  /** the load's key count, when known: per-key state is allocated once at that size */
  keys?: number;
  /**
   * clients may time out: then a client that goes away aborts its own (uncoalesced) origin fetch where the mode
   * does (the embedded proxy aborts its upstream request when the client closes), or leaves it to run and store
   * nothing (nginx); a coalesced fetch carries on for the others. Default false.
   */
  clientsMayLeave?: boolean;
  /**
   * the wall-clock epoch ms of virtual time 0 (the run's t0): where a cache counts expiry in whole seconds (nginx),
   * which virtual times are whole seconds. Default 0.
   */
  epochMs?: number;
}

/** A run-time configuration change (reload-cache-config): omitted fields keep their value. */
export interface CacheChange {
  coalescing?: boolean;
  /** a number, or 'origin' for the origin's stale-while-revalidate */
  graceS?: number | 'origin';
  /** null removes the override */
  ttlOverrideS?: number | null;
  maxCount?: number;
}

/** The origin's freshness headers from now on (set-origin-ttl). */
export interface OriginFreshness {
  ttlS: number;
  staleWhileRevalidateS?: number;
  ttlJitterPct?: number;
}

/** Where answered requests go: the request's id, answer time, status and cache outcome. */
export interface ResponseSink {
  response(reqId: number, atMs: number, status: SimStatus, outcome: CacheOutcomeCode): void;
}

/** Where fetches go: the origin. */
export interface FetchTarget {
  arrive(fetchId: number, nowMs: number): void;
  /** the cache gave up on the fetch (nothing will be reported for it) */
  abandon(fetchId: number): void;
}

const FOREGROUND = 0;
const BACKGROUND = 1;
const WARM = 2;

interface Fetch {
  readonly id: number;
  key: number;
  kind: typeof FOREGROUND | typeof BACKGROUND | typeof WARM;
  /** id of the request that started it, -1 for a background or warm fetch */
  initiator: number;
  /** ids of the requests that joined it (coalescing); allocated with the first */
  joined: number[] | undefined;
  /** the store generation it writes into (a warm swap starts a new one) */
  generation: number;
  /** fetched for its own request, not stored: nginx's lock timeout, or an nginx fetch whose client has gone */
  noStore: boolean;
  /** the cache's freshness settings when the fetch started: its answer is stored under them */
  policy: FetchPolicy;
  /** embedded: a conditional revalidation of an expired entry (its 304 deletes the entry, stores nothing) */
  revalidation: boolean;
}

/** The cache's side of an answer's freshness (reload-cache-config changes it for fetches started afterwards). */
interface FetchPolicy {
  readonly ttlOverrideS: number | undefined;
  readonly graceS: number | undefined;
}

/** Event kind of a request waiting on nginx's cache lock re-checking it. */
export const CACHE_LOCK_POLL = 5;

interface LockWaiter {
  reqId: number;
  key: number;
  fetchId: number;
  since: number;
}

export class CacheModel implements OriginListener {
  readonly #config: CacheModelConfig;
  /** ttlOverrideS and graceS of #config, as the fetches starting now take them along */
  #policy: FetchPolicy;
  readonly #b: CacheBehaviour;
  /** a client going away changes what its own uncoalesced fetch does (aborted, or not stored): track which is whose */
  readonly #watchClientsGone: boolean;
  #events: EventQueue | undefined;
  readonly #rng: Rng;
  readonly #sink: ResponseSink;
  #origin: FetchTarget | undefined;
  /** stored objects by key (typed arrays, LRU order once a count limit is set) */
  #store: KeyStore;
  readonly #fetches = new FetchTable<Fetch>();
  /** coalescing: the fetch a miss for the key joins */
  readonly #joinable: KeySlots;
  /** keys with a background refresh in flight -> its fetch */
  readonly #refreshing: KeySlots;
  /** abortOnClientGone: request -> the uncoalesced fetch it started */
  readonly #ownFetch = new Map<number, number>();
  /** varnish: keys that are hit-for-miss until the given time */
  readonly #hitForMiss = new Map<number, number>();
  /** nginx: requests waiting on the lock by waiter id (a poll event carries it), and waiter ids by request id */
  readonly #waiters = new Map<number, LockWaiter>();
  readonly #waiterOf = new Map<number, number>();
  #nextWaiter = 0;
  /** an in-place restart: requests before this time fail (CONN_ERROR) */
  #awayUntil = Number.NEGATIVE_INFINITY;
  #generation = 0;
  /** warm restart: objects fetched into the next generation, [key, freshUntil, staleUntil, revalidateUntil] */
  #warmed: [number, number, number, number][] = [];
  #warmRemaining = 0;
  #nextFetchId = 0;
  fetchesStarted = 0;
  /** objects dropped by purge-keys and ban */
  banned = 0;
  warmFailed = 0;
  /** in-place warm restarts and prefetches: requests sent through the cache on no client's behalf */
  warmSent = 0;
  /** fetches aborted because their client went away */
  abortedFetches = 0;

  constructor(config: CacheModelConfig, rng: Rng, sink: ResponseSink) {
    this.#config = { ...config };
    this.#policy = { ttlOverrideS: config.ttlOverrideS, graceS: config.graceS };
    this.#b = cacheBehaviour(config.mode ?? 'embedded');
    const b = this.#b;
    this.#watchClientsGone = config.clientsMayLeave === true && (b.abortOnClientGone || !b.storeWhenClientGone);
    this.#rng = rng;
    this.#sink = sink;
    const keys = config.keys ?? 0;
    this.#store = new KeyStore(keys);
    this.#joinable = new KeySlots(keys);
    this.#refreshing = new KeySlots(keys);
    if (config.maxCount !== undefined) this.#store.setMaxCount(config.maxCount);
  }

  /** objects evicted by the count limit */
  get evictions(): number {
    return this.#store.evictions;
  }

  /**
   * The origin is connected after construction because it reports back to this cache; `events` is where a mode
   * with timers of its own (nginx's lock polling) schedules them (handed back through `handle`).
   */
  connect(origin: FetchTarget, events?: EventQueue): void {
    this.#origin = origin;
    this.#events = events;
  }

  get behaviour(): CacheBehaviour {
    return this.#b;
  }

  get storedCount(): number {
    return this.#store.size;
  }

  get inflightFetches(): number {
    return this.#fetches.size;
  }

  /** Request `reqId` for `key` arriving at `nowMs`; answered through the sink, now or when its fetch ends. */
  request(reqId: number, key: number, nowMs: number): void {
    if (nowMs < this.#awayUntil) {
      this.#sink.response(reqId, nowMs, CONN_ERROR, MISS);
      return;
    }
    const b = this.#b;
    const store = this.#store;
    // varnish: the hit-for-miss object is the newest of the key's objects, so the lookup finds it before any object
    // stored earlier, fresh or in grace (HSH_Lookup walks them newest first): a miss, not coalesced
    if (this.#isHitForMiss(key, nowMs)) {
      this.#fetchAlone(reqId, key, nowMs);
      return;
    }
    const freshUntil = store.freshUntil(key);
    let expiredEntry = false;
    if (freshUntil >= 0) {
      if (nowMs < freshUntil) {
        store.touch(key);
        this.#sink.response(reqId, nowMs, 200, HIT);
        return;
      }
      if (nowMs < store.staleUntil(key)) {
        store.touch(key);
        this.#sink.response(reqId, nowMs, 200, STALE);
        this.#refresh(key, nowMs);
        return;
      }
      if (b.keepExpired) expiredEntry = true;
      else if (b.revalidateThenRefetch && nowMs < store.revalidateUntil(key)) {
        this.#revalidate(reqId, key, nowMs);
        return;
      } else store.remove(key);
    }
    const c = this.#config;
    const coalesce = c.coalescing && !(expiredEntry && b.coalesceNewOnly);
    if (!coalesce) {
      this.#fetchAlone(reqId, key, nowMs);
      return;
    }
    const joined = this.#joinable.get(key);
    if (joined >= 0) {
      if (b.lockPollMs > 0) this.#park(reqId, key, joined, nowMs, nowMs);
      else {
        const f = this.#fetches.get(joined) as Fetch;
        if (f.joined === undefined) f.joined = [reqId];
        else f.joined.push(reqId);
      }
      return;
    }
    const id = this.#startFetch(key, FOREGROUND, reqId);
    this.#joinable.set(key, id);
    this.#origin?.arrive(id, nowMs);
  }

  /** a miss with a fetch of its own, which nobody joins */
  #fetchAlone(reqId: number, key: number, nowMs: number): void {
    const id = this.#startFetch(key, FOREGROUND, reqId);
    if (this.#watchClientsGone) this.#ownFetch.set(reqId, id);
    this.#origin?.arrive(id, nowMs);
  }

  /** embedded: an expired entry inside undici's retention window is revalidated (coalesced like any fetch) */
  #revalidate(reqId: number, key: number, nowMs: number): void {
    const coalesce = this.#config.coalescing;
    if (coalesce) {
      const joined = this.#joinable.get(key);
      if (joined >= 0) {
        const f = this.#fetches.get(joined) as Fetch;
        if (f.joined === undefined) f.joined = [reqId];
        else f.joined.push(reqId);
        return;
      }
    }
    const id = this.#startFetch(key, FOREGROUND, reqId);
    (this.#fetches.get(id) as Fetch).revalidation = true;
    if (coalesce) this.#joinable.set(key, id);
    else if (this.#watchClientsGone) this.#ownFetch.set(reqId, id);
    this.#origin?.arrive(id, nowMs);
  }

  /** A stale object was served: start its background refresh unless one is in flight (or per request, see mode). */
  #refresh(key: number, nowMs: number): void {
    const c = this.#config;
    const perRequest = this.#b.refreshPerStaleRequest && !c.coalescing;
    if (!perRequest && this.#refreshing.get(key) >= 0) return;
    const id = this.#startFetch(key, BACKGROUND, -1);
    if (!perRequest) this.#refreshing.set(key, id);
    if (c.coalescing && !this.#b.coalesceNewOnly && this.#joinable.get(key) < 0) this.#joinable.set(key, id);
    this.#origin?.arrive(id, nowMs);
  }

  #isHitForMiss(key: number, nowMs: number): boolean {
    if (this.#hitForMiss.size === 0) return false;
    const until = this.#hitForMiss.get(key);
    if (until === undefined) return false;
    if (nowMs < until) return true;
    this.#hitForMiss.delete(key);
    return false;
  }

  /** nginx: `reqId` waits on the lock of `fetchId`, re-checking every lockPollMs (at most until its lock timeout) */
  #park(reqId: number, key: number, fetchId: number, since: number, nowMs: number): void {
    const id = this.#nextWaiter++;
    this.#waiters.set(id, { reqId, key, fetchId, since });
    this.#waiterOf.set(reqId, id);
    this.#pollLater(id, since, nowMs);
  }

  #pollLater(waiter: number, since: number, nowMs: number): void {
    const b = this.#b;
    const left = since + b.lockTimeoutMs - nowMs;
    (this.#events as EventQueue).push(nowMs + Math.min(b.lockPollMs, Math.max(0, left)), CACHE_LOCK_POLL, waiter);
  }

  /** Handles the cache's own events (CACHE_LOCK_POLL: a waiter gone meanwhile finds nothing). */
  handle(_kind: number, waiter: number, nowMs: number): void {
    const w = this.#waiters.get(waiter);
    if (w === undefined) return;
    if (this.#fetches.has(w.fetchId)) {
      if (nowMs - w.since < this.#b.lockTimeoutMs) {
        this.#pollLater(waiter, w.since, nowMs);
        return;
      }
      // lock timeout: to the origin itself, the response not cached
      this.#unpark(waiter, w);
      const id = this.#startFetch(w.key, FOREGROUND, w.reqId);
      (this.#fetches.get(id) as Fetch).noStore = true;
      this.#origin?.arrive(id, nowMs);
      return;
    }
    // the lock is free: look up again (a hit, or this request takes the lock)
    this.#unpark(waiter, w);
    this.request(w.reqId, w.key, nowMs);
  }

  #unpark(waiter: number, w: LockWaiter): void {
    this.#waiters.delete(waiter);
    this.#waiterOf.delete(w.reqId);
  }

  /**
   * The client of `reqId` has gone: its own uncoalesced fetch is aborted (abortOnClientGone), or goes on and stores
   * nothing (nginx: !storeWhenClientGone); nothing else.
   */
  abandon(reqId: number, _nowMs: number): void {
    if (this.#waiterOf.size > 0) {
      const waiter = this.#waiterOf.get(reqId);
      if (waiter !== undefined) {
        this.#unpark(waiter, this.#waiters.get(waiter) as LockWaiter);
        return;
      }
    }
    const id = this.#ownFetch.get(reqId);
    if (id === undefined) return;
    this.#ownFetch.delete(reqId);
    if (!this.#b.abortOnClientGone) {
      (this.#fetches.get(id) as Fetch).noStore = true;
      return;
    }
    this.#fetches.delete(id);
    this.abortedFetches++;
    this.#origin?.abandon(id);
  }

  /** Drops every stored object (a global purge / ban everything). */
  purgeAll(): void {
    this.#store.clear();
  }

  /** Drops the stored objects of these keys; returns how many were stored. */
  purgeKeys(keys: Iterable<number>): number {
    let n = 0;
    for (const key of keys) {
      if (!this.#store.has(key)) continue;
      this.#store.remove(key);
      n++;
    }
    this.banned += n;
    return n;
  }

  /** Drops the stored objects whose key `matches`; returns how many. */
  ban(matches: (key: number) => boolean): number {
    const hit = this.#store.storedKeys().filter(matches);
    for (const key of hit) this.#store.remove(key);
    this.banned += hit.length;
    return hit.length;
  }

  /** A cold restart at `nowMs`: nothing stored, nothing to join; where it takes time, nothing served meanwhile. */
  restartCold(nowMs: number): void {
    if (this.#b.restartOutageMs > 0) this.#goAway(nowMs, nowMs + this.#b.restartOutageMs);
    this.purgeAll();
    this.#forgetCoalescing();
    this.#hitForMiss.clear();
  }

  /**
   * The cache's process goes away until `untilMs`: the requests in flight through it fail, and its origin connections
   * close (a fetch waiting in the origin's queue leaves it, one in service runs on in vain, as the fake origin does
   * with a dropped connection); nothing they bring is stored.
   */
  #goAway(nowMs: number, untilMs: number): void {
    const failed: number[] = [];
    for (const f of this.#fetches.drain()) {
      failed.push(f.initiator);
      if (f.joined !== undefined) failed.push(...f.joined);
      this.#origin?.abandon(f.id);
    }
    for (const w of this.#waiters.values()) failed.push(w.reqId);
    this.#waiters.clear();
    this.#waiterOf.clear();
    this.#ownFetch.clear();
    this.#awayUntil = untilMs;
    // ids below 0 are no client's: background fetches, prefetches
    for (const reqId of failed) if (reqId >= 0) this.#sink.response(reqId, nowMs, CONN_ERROR, MISS);
  }

  /** A configuration change at run time (reload-cache-config). */
  reconfigure(change: CacheChange): void {
    const c = this.#config;
    if (change.coalescing !== undefined) c.coalescing = change.coalescing;
    if (change.graceS !== undefined) {
      if (change.graceS === 'origin') delete c.graceS;
      else c.graceS = change.graceS;
    }
    if (change.ttlOverrideS === null) delete c.ttlOverrideS;
    else if (change.ttlOverrideS !== undefined) c.ttlOverrideS = change.ttlOverrideS;
    if (change.maxCount !== undefined) {
      c.maxCount = change.maxCount;
      this.#store.setMaxCount(change.maxCount);
    }
    this.#policy = { ttlOverrideS: c.ttlOverrideS, graceS: c.graceS };
    this.#forgetCoalescing();
  }

  /** The origin's freshness for responses produced from now on (set-origin-ttl). */
  setOriginFreshness(f: OriginFreshness): void {
    const c = this.#config;
    c.ttlS = f.ttlS;
    if (f.staleWhileRevalidateS !== undefined) c.staleWhileRevalidateS = f.staleWhileRevalidateS;
    if (f.ttlJitterPct !== undefined) c.ttlJitterPct = f.ttlJitterPct;
  }

  /**
   * Warm restart: `count` warm fetches will follow. Blue/green (embedded): when the last has ended, their
   * generation takes over. In place (varnish, nginx): the cache restarts cold now and they go through it once it
   * serves again (the timeline sends them from restartOutageMs on).
   */
  warmBegin(count: number, nowMs: number): void {
    if (!this.#b.blueGreenWarm) {
      this.restartCold(nowMs);
      return;
    }
    this.#warmRemaining = count;
    this.#warmed = [];
    if (count === 0) this.#warmSwap();
  }

  /** Warm restart: fetch `key` into the next generation (not joined by, and not serving, live requests). */
  warmFetch(key: number, nowMs: number): void {
    if (!this.#b.blueGreenWarm) {
      // a request of the warm-up client through the live cache
      this.prefetch(key, nowMs);
      return;
    }
    const id = this.#startFetch(key, WARM, -1);
    (this.#fetches.get(id) as Fetch).generation = this.#generation + 1;
    this.#origin?.arrive(id, nowMs);
  }

  /**
   * The run's warm-up prefetch, or an in-place warm restart's request: `key` requested through the cache with an id no
   * client has (its answer goes nowhere).
   */
  prefetch(key: number, nowMs: number): void {
    this.request(-2 - this.warmSent++, key, nowMs);
  }

  /** Warm restart: the warmed generation takes over (the objects the warm fetches brought, nothing else). */
  #warmSwap(): void {
    this.purgeAll();
    this.#generation++;
    this.#forgetCoalescing();
    for (const [key, freshUntil, staleUntil, revalidateUntil] of this.#warmed) this.#store.put(key, freshUntil, staleUntil, revalidateUntil);
    this.#warmed = [];
  }

  originDone(fetchId: number, originStatus: OriginStatus, atMs: number): void {
    const b = this.#b;
    let status: SimStatus = originStatus === NO_RESPONSE ? b.unreachableStatus : originStatus;
    const f = this.#fetches.get(fetchId);
    if (f === undefined) return;
    this.#fetches.delete(fetchId);
    this.#joinable.clearIf(f.key, fetchId);
    this.#refreshing.clearIf(f.key, fetchId);
    if (f.kind === WARM) {
      if (f.generation !== this.#generation + 1) return;
      if (status !== 200) this.warmFailed++;
      else this.#warmObject(f.key, atMs, f.policy);
      if (--this.#warmRemaining === 0) this.#warmSwap();
      return;
    }
    // embedded: the origin's 503 says no-store, and undici deletes the key's entry on it (a fresh one a concurrent
    // fetch stored, or the expired one being revalidated)
    if (b.noStoreAnswerDeletes && originStatus === 503 && f.generation === this.#generation) this.#store.remove(f.key);
    let outcome: CacheOutcomeCode = MISS;
    let cacheable = false;
    if (f.revalidation) {
      // 304 with Cache-Control: answered from the entry (REVALIDATED, a miss), which undici then deletes
      if (status === 200 && f.generation === this.#generation) this.#store.remove(f.key);
      if (f.initiator >= 0) {
        if (this.#ownFetch.size > 0) this.#ownFetch.delete(f.initiator);
        this.#sink.response(f.initiator, atMs, status, MISS);
      }
      // the requests deduplicated onto it get the leader's answer: the stored copy, marked stale (Warning: 110)
      if (f.joined !== undefined) for (const reqId of f.joined) this.#sink.response(reqId, atMs, status, status === 200 ? STALE : MISS);
      return;
    }
    if (status === 200 && !f.noStore && f.generation === this.#generation) cacheable = this.#storeObject(f.key, atMs, f.policy);
    if (b.hitForMissMs > 0 && originStatus !== NO_RESPONSE) {
      if (cacheable) this.#hitForMiss.delete(f.key);
      else if (!f.noStore) this.#hitForMiss.set(f.key, atMs + b.hitForMissMs);
    }
    if (status !== 200 && b.staleOnError && f.policy.graceS !== 0 && this.#store.has(f.key)) {
      // nginx use_stale error / http_503: the expired entry instead of the error
      status = 200;
      outcome = STALE;
    }
    if (f.initiator >= 0) {
      if (this.#ownFetch.size > 0) this.#ownFetch.delete(f.initiator);
      this.#sink.response(f.initiator, atMs, status, outcome);
    } else if (f.initiator < -1) {
      // an in-place warm request
      if (status !== 200) this.warmFailed++;
    }
    if (f.joined === undefined) return;
    if (b.hitForMissMs > 0 && !cacheable && originStatus !== NO_RESPONSE) {
      // varnish: the parked requests are woken, find the hit-for-miss object and each fetch on their own
      for (const reqId of f.joined) this.request(reqId, f.key, atMs);
      return;
    }
    const joinedOutcome = status === 200 ? (outcome === STALE ? STALE : HIT) : MISS;
    for (const reqId of f.joined) this.#sink.response(reqId, atMs, status, joinedOutcome);
  }

  #forgetCoalescing(): void {
    this.#joinable.clear();
    this.#refreshing.clear();
  }

  #startFetch(key: number, kind: Fetch['kind'], initiator: number): number {
    const id = this.#nextFetchId++;
    this.fetchesStarted++;
    this.#fetches.add({ id, key, kind, initiator, joined: undefined, generation: this.#generation, noStore: false, revalidation: false, policy: this.#policy });
    return id;
  }

  /**
   * freshUntil/staleUntil of an object the origin answers at `atMs` to a fetch started under `p`, or undefined when
   * it is not stored
   */
  #freshness(atMs: number, p: FetchPolicy): [number, number, number] | undefined {
    const c = this.#config;
    const b = this.#b;
    const ttlS = p.ttlOverrideS ?? jitteredTtlS(c.ttlS, c.ttlJitterPct, this.#rng);
    const originSwrS = p.ttlOverrideS !== undefined && b.overrideIgnoresOriginSwr ? 0 : (c.staleWhileRevalidateS ?? 0);
    let graceS: number;
    if (p.graceS === undefined) graceS = originSwrS > 0 ? originSwrS : b.defaultGraceS;
    else graceS = p.graceS > 0 && b.graceUnbounded ? Number.POSITIVE_INFINITY : p.graceS;
    // undici stores a zero-lifetime response that has a validator (the fake origin's ETag) as revalidation-only:
    // stale at once, kept 24 h, each use revalidated first (RFC 9111 5.2.2.4; cache-handler.js)
    if (ttlS <= 0 && graceS <= 0 && b.revalidateThenRefetch) return [atMs, atMs, atMs + REVALIDATION_ONLY_RETENTION_MS];
    if (ttlS <= 0 && (graceS <= 0 || b.zeroTtlUncacheable)) return undefined;
    // nginx: valid_sec = ngx_time() + max-age, expired once valid_sec < ngx_time(), both whole seconds: fresh to the
    // end of the second max-age after the second it was stored in
    const epochMs = c.epochMs ?? 0;
    const from = b.wholeSecondExpiry ? (Math.floor((epochMs + atMs) / 1000) + 1) * 1000 - epochMs : atMs;
    const freshUntil = from + ttlS * 1000;
    const staleUntil = freshUntil + graceS * 1000;
    // undici keeps an entry without stale-while-revalidate one more lifetime, to revalidate it
    const revalidateUntil = b.revalidateThenRefetch && graceS <= 0 && ttlS > 0 ? freshUntil + ttlS * 1000 : staleUntil;
    return [freshUntil, staleUntil, revalidateUntil];
  }

  #warmObject(key: number, atMs: number, p: FetchPolicy): void {
    const f = this.#freshness(atMs, p);
    if (f !== undefined) this.#warmed.push([key, f[0], f[1], f[2]]);
  }

  /** stores what the origin answered at `atMs`; false when it is not cacheable */
  #storeObject(key: number, atMs: number, p: FetchPolicy): boolean {
    const f = this.#freshness(atMs, p);
    if (f === undefined) return false;
    this.#store.put(key, f[0], f[1], f[2]);
    return true;
  }
}
