/**
 * The cache adapter contract: one real cache (embedded undici cache, a private varnishd, a private nginx, or the
 * user's own cache) listening on 127.0.0.1 in front of the fake origin, driven by the orchestrator's timeline
 * actions. Every adapter instance states up front what it can do (`capabilities`), so a scenario that needs a
 * global purge fails before any load is sent (requireCapability), never halfway through a run.
 *
 * Lifecycle: create (options validated, nothing started) -> start() -> actions... -> stop(). stop() is idempotent,
 * reaps every child process, and is also `Symbol.asyncDispose`, so tests use `await using`.
 */
import type { GraceSetting } from './common-options.js';

export type CacheKind = 'embedded' | 'varnish' | 'nginx' | 'external';

export const CACHE_KINDS: readonly CacheKind[] = Object.freeze(['embedded', 'varnish', 'nginx', 'external']);

/** What this adapter instance can do. Computed from the kind and the options (a user VCL turns some off). */
export interface CacheCapabilities {
  /** drop every object at once */
  readonly purgeAll: boolean;
  /** drop the objects whose URL (path + query) matches a regular expression */
  readonly ban: boolean;
  /** drop the objects of the given paths */
  readonly purgeKeys: boolean;
  /** restart with an empty cache */
  readonly restartCold: boolean;
  /** restart, then re-fetch given paths at a limited rate before returning */
  readonly restartWarm: boolean;
  /** change configuration while serving (coalescing, TTL, grace, a new VCL / nginx.conf) */
  readonly reloadConfig: boolean;
  /** stats() returns the cache's own counters */
  readonly nativeStats: boolean;
  /** request coalescing can be switched off (options.coalescing: false) */
  readonly coalescingToggle: boolean;
  /** serving stale while one background fetch refreshes (options.grace) is under our control */
  readonly grace: boolean;
}

export type CacheCapability = keyof CacheCapabilities;

export type RestartMode = 'cold' | 'warm';

/** Warm restart: fetch these paths through the cache, `ratePerS` requests per second, before restart() returns. */
export interface WarmPlan {
  readonly paths: readonly string[];
  readonly ratePerS: number;
}

/** What a restart did, for the report's event detail. */
export interface RestartResult {
  mode: RestartMode;
  /** from the call to the cache serving again (before warming) */
  restartMs: number;
  /** paths fetched through the cache with a 2xx-4xx answer while warming */
  warmed: number;
  /** warm fetches that failed (connection error or 5xx) */
  warmFailed: number;
  /** whole call, warming included */
  durationMs: number;
  /** warm restarts: true when the cache could not hold client traffic, so warming ran under live load */
  underLiveTraffic?: boolean;
}

/**
 * A configuration change applied while the cache serves traffic. Omitted fields keep their value.
 * `ttlOverrideS: null` removes the override (the origin's Cache-Control rules again).
 * `vclFile` / `nginxConfFile` switch to (or reload) a user-supplied configuration.
 */
export interface CacheConfigChange {
  coalescing?: boolean;
  grace?: GraceSetting;
  ttlOverrideS?: number | null;
  maxCount?: number;
  maxSizeBytes?: number;
  vclFile?: string;
  nginxConfFile?: string;
}

/** The running cache's address: http://127.0.0.1:PORT (no trailing slash). */
export interface CacheEndpoint {
  url: string;
}

export interface CacheAdapter extends AsyncDisposable {
  readonly kind: CacheKind;
  readonly capabilities: CacheCapabilities;
  /** lower-case response header carrying the outcome (HIT, MISS, STALE, ...): x-cache or x-cache-status */
  readonly cacheHeader: string;
  /** the effective configuration as plain data, for report.cache.config */
  config(): Record<string, unknown>;
  /** start listening on 127.0.0.1 (a port chosen by the system) in front of options.originUrl */
  start(): Promise<CacheEndpoint>;
  purgeAll(): Promise<void>;
  /** drop objects whose URL (path + query) matches `pattern`, a regular expression */
  ban(pattern: string): Promise<void>;
  purgeKeys(paths: readonly string[]): Promise<void>;
  /** 'cold': restart with an empty cache; 'warm': the same, then fetch `warm.paths` through it first */
  restart(mode: RestartMode, warm?: WarmPlan): Promise<RestartResult>;
  reloadConfig(change: CacheConfigChange): Promise<void>;
  /** counters as flat name -> value (varnishstat MAIN.*, nginx stub_status + cache files, embedded's own) */
  stats(): Promise<Record<string, number>>;
  /** product/version, e.g. varnish/7.1.1, nginx/1.22.1, undici/7.30.2, external */
  version(): Promise<string>;
  /** stop serving, reap every child process, remove the work directory the adapter created; idempotent */
  stop(): Promise<void>;
  /** live child processes started by this adapter (manager/master and their children) */
  pids(): number[];
}
