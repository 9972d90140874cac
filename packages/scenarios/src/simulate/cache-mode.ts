/**
 * Per-cache named modes (issue 11 item 3): how the caches stampede starts differ where it moves the numbers
 * (../../../../shared/NOTES-caches.md, the adapters' generated VCL / nginx.conf, undici 7.30's interceptors).
 *
 * embedded (undici cache + deduplicate, caches/embedded/):
 *   an expired object with a validator (the fake origin's ETag) and no stale-while-revalidate stays stored for one
 *   more lifetime (undici's determineDeleteAt); a request in that window revalidates it (If-None-Match -> 304,
 *   answered from the cache: REVALIDATED, a miss to the generator), and since the 304 carries Cache-Control undici
 *   deletes the entry (revalidationResponseUpdatesCacheControl) without storing anything: the next request fetches
 *   it in full. Two origin fetches per expiry (measured here: one key, max-age=1, a request every 20 ms for 6 s:
 *   6 MISS, 11 origin arrivals).
 *   coalescing = deduplicate(): concurrent misses share one fetch and its answer, 503 included; without it a stale
 *   object fires a background revalidation per stale request. Origin unreachable: 502. The proxy aborts its upstream
 *   request when its client closes. Restart: in the proxy's process, at once. Warm restart: blue/green (a separate
 *   store warmed, then swapped in). The proxy shares its thread with the fake origin: a retry after a client timeout
 *   reaches it 20-60 ms after the timeout, out of order (timeoutRetryDelayMs).
 * varnish (7.1, the generated VCL has no return in vcl_backend_response, so the built-in one runs after it):
 *   waiting-list coalescing for misses and for objects past their grace (off = hash_ignore_busy: every miss, and
 *   every grace hit, starts its own fetch); grace = the cache's, else the origin's
 *   stale-while-revalidate, else default_grace 10 s; a response with ttl <= 0 or no-store (the fake origin's 503)
 *   is not stored but becomes hit-for-miss for 120 s: the requests parked on it are woken and each fetches on its
 *   own, and later requests of that key are misses, not coalesced, until a cacheable response replaces it. The
 *   hit-for-miss object is the key's newest, and the lookup finds it first: it hides an object stored earlier, fresh
 *   or in grace (a grace refresh answered 503, or TTL 0 under a config change, ends the grace; a concurrent fetch's
 *   503 hides the 200 another one stored). Verified on varnishd 7.1.1 for both. Origin unreachable:
 *   503 (backend fetch failed). A fetch goes on when its client leaves. Restart: the child is away ~200 ms
 *   (restartOutageMs). A reload takes effect ~530 ms after it starts (the VCL is compiled). Warm restart: in place
 *   (the child restarts empty, then the warm paths are fetched through it under live traffic).
 *   Verified on varnishd 7.1.1 here (a 1 s origin, 10 requests 20 ms apart): a 503 no-store -> 10 backend
 *   requests, the 9 parked ones answered at ~1.6-2.0 s; 5 more within 120 s -> 5 parallel fetches of 1 s. A 1 s
 *   max-age object 1.5 s later (default grace): 5 grace hits -> 5 background fetches with hash_ignore_busy, 1 without.
 * nginx (1.22, the generated site.conf):
 *   expiry in whole seconds (valid_sec = ngx_time() + max-age): an object lives max-age to max-age + 1 s, and
 *   the objects stored in one second expire together.
 *   proxy_cache_lock covers NEW entries only: a request for an expired entry goes to the origin whatever else is in
 *   flight (EXPIRED); a request waiting on the lock re-checks every 500 ms (ngx_http_file_cache_lock_wait's timer)
 *   and after proxy_cache_lock_timeout (5 s) goes to the origin itself, uncached. Entries are kept past expiry
 *   (inactive=1d). Stale: grace {seconds} adds `updating` (any expired entry is served stale while one background
 *   update runs, however old: the seconds are not enforced); grace left out honours the origin's
 *   stale-while-revalidate (ignored, with all of Cache-Control, under ttlOverrideS); grace false serves no stale.
 *   Unless grace is false an error from the origin (503, unreachable) is answered with the expired entry
 *   (use_stale error http_503). No entry: 502 when unreachable. An uncoalesced fetch goes on when its client
 *   leaves, but its answer is not stored (measured; the next request fetches again). Restart: away ~50 ms. A reload
 *   takes effect ~160 ms after it starts. Warm restart: in place.
 */

export type CacheMode = 'embedded' | 'varnish' | 'nginx';

export const CACHE_MODES: readonly CacheMode[] = Object.freeze(['embedded', 'varnish', 'nginx']);

export interface CacheBehaviour {
  readonly mode: CacheMode;
  /** what a client gets when the origin cannot be reached and nothing stale is served */
  readonly unreachableStatus: 502 | 503;
  /** grace when neither the cache nor the origin sets one */
  readonly defaultGraceS: number;
  /**
   * without coalescing, every stale request starts its own background refresh: undici's cache() alone; Varnish
   * with hash_ignore_busy (HSH_Lookup never sees the busy refresh, so each grace hit inserts a new busy object)
   */
  readonly refreshPerStaleRequest: boolean;
  /** coalescing covers only keys with no stored entry (nginx's lock) */
  readonly coalesceNewOnly: boolean;
  /** a coalesced request re-checks the lock this often (0: it is answered when the fetch ends) */
  readonly lockPollMs: number;
  /** a request waiting longer on the lock goes to the origin itself, uncached */
  readonly lockTimeoutMs: number;
  /** an uncacheable response makes its key hit-for-miss this long (0: never) */
  readonly hitForMissMs: number;
  /** entries stay stored past their grace (nginx keeps them until `inactive`) */
  readonly keepExpired: boolean;
  /** an origin error is answered with the expired entry when there is one (unless grace is off) */
  readonly staleOnError: boolean;
  /** grace {seconds} serves stale however old the entry is (nginx's `updating`) */
  readonly graceUnbounded: boolean;
  /** ttlOverrideS makes the cache ignore the origin's Cache-Control, stale-while-revalidate included */
  readonly overrideIgnoresOriginSwr: boolean;
  /**
   * expiry counted in whole wall-clock seconds: an object stored during second s with max-age n is fresh until
   * second s + n ends (nginx: `valid_sec = ngx_time() + n`, expired once `valid_sec < ngx_time()`), so it lives n to
   * n + 1 s and every object stored in one second expires at the same moment. Varnish and undici count in ms.
   */
  readonly wholeSecondExpiry: boolean;
  /** a response with ttl <= 0 is not stored even when it has grace */
  readonly zeroTtlUncacheable: boolean;
  /** a client that goes away aborts its own uncoalesced fetch */
  readonly abortOnClientGone: boolean;
  /**
   * a fetch that goes on after its client left (not aborted) still stores its answer: Varnish does; nginx reads it
   * to the end and stores nothing (verified on nginx 1.22.1, coalescing off: a client gone at 300 ms, the origin's
   * 200 max-age=300 at 800 ms; the next request was a MISS that reached the origin again; Varnish 7.1.1: a HIT)
   */
  readonly storeWhenClientGone: boolean;
  /** warm restart: a separate store warmed then swapped in (true), or an empty cache warmed under live traffic */
  readonly blueGreenWarm: boolean;
  /**
   * a restart takes the cache away this long (0: it takes no time). Its process goes: the requests in flight through
   * it fail (connError, as the generator counts a reset connection), and so does every request sent before it
   * serves again; its origin connections close, so its fetches in flight answer nobody and store nothing. Measured
   * here with 535 requests/s through the adapter's restart (restart-cache, cold): varnishd's child (`varnishadm
   * stop` + `start`) reset the requests sent in the first ~130 ms and refused those of the next ~65 ms, ~195 ms in
   * all (its restart took 219 ms; catalog runs: 101-139 connErrors at ~535/s, 190-260 ms); nginx (stop, empty,
   * start) ~45 ms (its restart took 74 ms; catalog runs: 28-31 connErrors, ~55 ms). The embedded cache restarts
   * inside the proxy's process (a new store and deduplicate chain): no outage, no connError.
   */
  readonly restartOutageMs: number;
  /**
   * a configuration reload takes effect this long after it starts (0: at once). Measured through the adapters in the
   * catalog's runs: Varnish's vcl.load compiles the VCL (the whole reload took 486-725 ms, median ~545) and vcl.use
   * switches at its end; nginx runs `nginx -t`, then SIGHUP starts the new workers (172-239 ms, median ~180, the
   * new workers up ~20 ms before the adapter sees them in the log). The embedded cache swaps its dispatcher in under
   * 2 ms.
   */
  readonly reloadDelayMs: number;
  /**
   * a retry after a client timeout reaches the cache this long after the timeout, drawn uniformly from [min, max)
   * for each retry ([0, 0]: at once, in the order the timeouts fired). undici fires a tick's timeouts one after the
   * other and destroys their connections, so each retry needs a new one. The embedded cache's proxy shares its
   * thread with the fake origin: it first works through the closed client and origin connections (~100 a tick in
   * retry-storm), then reads the new ones. Measured with a probe in the catalog's retry-storm on the embedded cache:
   * the retries reached the proxy 20-60 ms after their tick, and the proxy forwarded them to the origin in no
   * particular order (the first ones of a burst often last). The order decides who is refused when the origin's
   * queue is full: with the timeouts' order kept, the oldest requests are taken first and the newest, with the most
   * attempts left, burn them all on 503s. Not measured through Varnish and nginx (processes of their own): their
   * retry-storm rows agree with the order kept, and with the embedded spread nginx's amplification would fall 21%
   * below the real one.
   */
  readonly timeoutRetryDelayMs: readonly [number, number];
  /** an expired object without grace is revalidated (then deleted) for one more lifetime: undici with an ETag */
  readonly revalidateThenRefetch: boolean;
  /**
   * an origin answer with Cache-Control: no-store (the fake origin's 503) deletes the key's stored entry, fresh or
   * not: undici's cache-handler deletes on any response that disallows reuse (revalidationResponseDisallowsCachedReuse)
   */
  readonly noStoreAnswerDeletes: boolean;
}

const BEHAVIOURS: Record<CacheMode, CacheBehaviour> = {
  embedded: {
    mode: 'embedded',
    unreachableStatus: 502,
    defaultGraceS: 0,
    refreshPerStaleRequest: true,
    coalesceNewOnly: false,
    lockPollMs: 0,
    lockTimeoutMs: 0,
    hitForMissMs: 0,
    keepExpired: false,
    staleOnError: false,
    graceUnbounded: false,
    overrideIgnoresOriginSwr: false,
    wholeSecondExpiry: false,
    zeroTtlUncacheable: false,
    abortOnClientGone: true,
    storeWhenClientGone: true, // not reached: the fetch is aborted
    blueGreenWarm: true,
    restartOutageMs: 0,
    reloadDelayMs: 0,
    timeoutRetryDelayMs: [20, 60],
    revalidateThenRefetch: true,
    noStoreAnswerDeletes: true,
  },
  varnish: {
    mode: 'varnish',
    unreachableStatus: 503,
    defaultGraceS: 10,
    refreshPerStaleRequest: true,
    coalesceNewOnly: false,
    lockPollMs: 0,
    lockTimeoutMs: 0,
    hitForMissMs: 120_000,
    keepExpired: false,
    staleOnError: false,
    graceUnbounded: false,
    overrideIgnoresOriginSwr: false,
    wholeSecondExpiry: false,
    zeroTtlUncacheable: true,
    abortOnClientGone: false,
    storeWhenClientGone: true,
    blueGreenWarm: false,
    restartOutageMs: 200,
    reloadDelayMs: 530,
    timeoutRetryDelayMs: [0, 0],
    revalidateThenRefetch: false,
    noStoreAnswerDeletes: false,
  },
  nginx: {
    mode: 'nginx',
    unreachableStatus: 502,
    defaultGraceS: 0,
    refreshPerStaleRequest: false,
    coalesceNewOnly: true,
    lockPollMs: 500,
    lockTimeoutMs: 5000,
    hitForMissMs: 0,
    keepExpired: true,
    staleOnError: true,
    graceUnbounded: true,
    overrideIgnoresOriginSwr: true,
    wholeSecondExpiry: true,
    zeroTtlUncacheable: true,
    // ngx_http_upstream_check_broken_connection keeps a cacheable upstream request going when its client leaves
    abortOnClientGone: false,
    storeWhenClientGone: false,
    blueGreenWarm: false,
    restartOutageMs: 50,
    reloadDelayMs: 160,
    timeoutRetryDelayMs: [0, 0],
    revalidateThenRefetch: false,
    noStoreAnswerDeletes: false,
  },
};

export function cacheBehaviour(mode: CacheMode): CacheBehaviour {
  return BEHAVIOURS[mode];
}

/** The mode of a scenario's cache.kind; undefined for a cache the model has no mode for (external). */
export function cacheModeOf(kind: string): CacheMode | undefined {
  return (CACHE_MODES as readonly string[]).includes(kind) ? (kind as CacheMode) : undefined;
}
