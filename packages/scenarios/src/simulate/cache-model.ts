/**
 * The cache in virtual time, per key:
 * - fresh (now < freshUntil): HIT at once;
 * - in grace (freshUntil <= now < staleUntil): STALE at once, and one background fetch refreshes the key (a second
 *   stale request while it is in flight starts nothing) — grace / stale-while-revalidate;
 * - otherwise a miss: the request that starts a fetch is a MISS; with coalescing, a later request joins the key's
 *   fetch in flight (foreground or background) and is answered when it ends, as a HIT — a request parked on
 *   Varnish's waiting list looks up again once the object is in and hits it; without coalescing, every miss is its
 *   own origin fetch and a MISS. A fetch that ends in 503 answers its initiator and its joiners 503 (MISS).
 * A fetch's 200 stores the object with TTL = ttlOverrideS, or the origin's ttlS with its jitter (the fake
 * backend's `jitteredTtlS`), plus grace; a 503 is passed to its waiters and stores nothing (the stale copy stays).
 * `maxCount` bounds the stored objects, least recently used evicted first. `purgeAll` drops every stored object;
 * fetches in flight carry on and store what they bring, as a real cache's would.
 *
 * Memory: state exists only for keys stored or in flight; an object past its grace is dropped when next seen.
 */
import { jitteredTtlS, type Rng } from '@stampede/fake-backend';
import type { OriginListener } from './origin-model.js';

export const HIT = 0;
export const MISS = 1;
export const STALE = 2;
export type CacheOutcomeCode = typeof HIT | typeof MISS | typeof STALE;

export interface CacheModelConfig {
  coalescing: boolean;
  /** serve stale this long past expiry while one background fetch refreshes (0: no grace) */
  graceS: number;
  /** the origin's max-age and its jitter (percent, +/-) */
  ttlS: number;
  ttlJitterPct: number;
  /** cache everything this long whatever the origin says (no jitter) */
  ttlOverrideS?: number;
  /** most objects kept (LRU beyond it); undefined = unbounded */
  maxCount?: number;
}

/** Where answered requests go: intended send time, answer time, status and cache outcome. */
export interface ResponseSink {
  response(intendedMs: number, atMs: number, status: 200 | 503, outcome: CacheOutcomeCode): void;
}

/** Where fetches go: the origin. */
export interface FetchTarget {
  arrive(fetchId: number, nowMs: number): void;
}

/** A stored object, also a node of the recency list (least recently used at the head). */
interface StoredObject {
  key: number;
  freshUntil: number;
  staleUntil: number;
  older: StoredObject | undefined;
  newer: StoredObject | undefined;
}

interface Fetch {
  key: number;
  background: boolean;
  /** intended send time of the request that started it, -1 for a background refresh */
  initiator: number;
  /** intended send times of the requests that joined it (coalescing) */
  joined: number[];
}

export class CacheModel implements OriginListener {
  readonly #config: CacheModelConfig;
  readonly #rng: Rng;
  readonly #sink: ResponseSink;
  #origin: FetchTarget | undefined;
  readonly #store = new Map<number, StoredObject>();
  /** recency list: a hit moves its object to the tail in O(1), eviction takes the head */
  #lru: StoredObject | undefined;
  #mru: StoredObject | undefined;
  readonly #fetches = new Map<number, Fetch>();
  /** coalescing: the fetch a miss for the key joins */
  readonly #joinable = new Map<number, number>();
  /** keys with a background refresh in flight */
  readonly #refreshing = new Set<number>();
  #nextFetchId = 0;
  fetchesStarted = 0;
  evictions = 0;

  constructor(config: CacheModelConfig, rng: Rng, sink: ResponseSink) {
    this.#config = config;
    this.#rng = rng;
    this.#sink = sink;
  }

  /** The origin is connected after construction because it reports back to this cache. */
  connect(origin: FetchTarget): void {
    this.#origin = origin;
  }

  get storedCount(): number {
    return this.#store.size;
  }

  get inflightFetches(): number {
    return this.#fetches.size;
  }

  /** A request for `key` intended (and arriving) at `nowMs`. */
  request(key: number, nowMs: number): void {
    const obj = this.#store.get(key);
    if (obj !== undefined) {
      if (nowMs < obj.staleUntil) {
        this.#touch(obj);
        if (nowMs < obj.freshUntil) {
          this.#sink.response(nowMs, nowMs, 200, HIT);
          return;
        }
        this.#sink.response(nowMs, nowMs, 200, STALE);
        if (!this.#refreshing.has(key)) {
          this.#refreshing.add(key);
          const id = this.#startFetch(key, true, -1);
          if (this.#config.coalescing && !this.#joinable.has(key)) this.#joinable.set(key, id);
          this.#origin?.arrive(id, nowMs);
        }
        return;
      }
      this.#remove(obj);
    }
    if (this.#config.coalescing) {
      const joined = this.#joinable.get(key);
      if (joined !== undefined) {
        (this.#fetches.get(joined) as Fetch).joined.push(nowMs);
        return;
      }
    }
    const id = this.#startFetch(key, false, nowMs);
    if (this.#config.coalescing) this.#joinable.set(key, id);
    this.#origin?.arrive(id, nowMs);
  }

  /** Drops every stored object (a global purge / ban everything). */
  purgeAll(): void {
    this.#store.clear();
    this.#lru = undefined;
    this.#mru = undefined;
  }

  originDone(fetchId: number, status: 200 | 503, atMs: number): void {
    const f = this.#fetches.get(fetchId);
    if (f === undefined) return;
    this.#fetches.delete(fetchId);
    if (this.#joinable.get(f.key) === fetchId) this.#joinable.delete(f.key);
    if (f.background) this.#refreshing.delete(f.key);
    if (status === 200) this.#storeObject(f.key, atMs);
    if (f.initiator >= 0) this.#sink.response(f.initiator, atMs, status, MISS);
    const outcome = status === 200 ? HIT : MISS;
    for (const intendedMs of f.joined) this.#sink.response(intendedMs, atMs, status, outcome);
  }

  #startFetch(key: number, background: boolean, initiator: number): number {
    const id = this.#nextFetchId++;
    this.fetchesStarted++;
    this.#fetches.set(id, { key, background, initiator, joined: [] });
    return id;
  }

  #storeObject(key: number, atMs: number): void {
    const c = this.#config;
    const ttlS = c.ttlOverrideS ?? jitteredTtlS(c.ttlS, c.ttlJitterPct, this.#rng);
    if (ttlS <= 0 && c.graceS <= 0) return;
    const freshUntil = atMs + ttlS * 1000;
    const staleUntil = freshUntil + c.graceS * 1000;
    const obj = this.#store.get(key);
    if (obj !== undefined) {
      obj.freshUntil = freshUntil;
      obj.staleUntil = staleUntil;
      this.#touch(obj);
      return;
    }
    const added: StoredObject = { key, freshUntil, staleUntil, older: this.#mru, newer: undefined };
    this.#store.set(key, added);
    if (this.#mru !== undefined) this.#mru.newer = added;
    else this.#lru = added;
    this.#mru = added;
    if (c.maxCount !== undefined) {
      while (this.#store.size > c.maxCount && this.#lru !== undefined) {
        this.#remove(this.#lru);
        this.evictions++;
      }
    }
  }

  #touch(obj: StoredObject): void {
    if (obj === this.#mru) return;
    this.#unlink(obj);
    obj.older = this.#mru;
    obj.newer = undefined;
    if (this.#mru !== undefined) this.#mru.newer = obj;
    else this.#lru = obj;
    this.#mru = obj;
  }

  #remove(obj: StoredObject): void {
    this.#store.delete(obj.key);
    this.#unlink(obj);
  }

  #unlink(obj: StoredObject): void {
    if (obj.older !== undefined) obj.older.newer = obj.newer;
    else this.#lru = obj.newer;
    if (obj.newer !== undefined) obj.newer.older = obj.older;
    else this.#mru = obj.older;
    obj.older = undefined;
    obj.newer = undefined;
  }
}
