/**
 * ScenarioSpec: one scripted stampede, validated and frozen (see validate.ts). Every duration is in seconds, every
 * default is filled in, and the record is itself a valid input: validating it again gives the same spec, so a
 * report's `scenario.spec` can be run again as it is.
 *
 * Time `0` is the start of the measured load, after the warm-up. The baseline is the `baselineS` window before the
 * first timeline action; the run ends at `load.durationS` at the latest, or earlier once it has recovered (observe).
 */
import type { KeyDistribution, RateStage, RetryPolicy } from '@stampede/loadgen';
import type { ServiceTimeModel } from '@stampede/fake-backend';
import type { CacheCapability, CacheConfigChange, CacheKind } from '../caches/adapter.js';
import type { ExternalActions, GraceSetting } from '../caches/options.js';
import type { RecoveryTolerances } from '../analysis/recovery.js';

export type {
  CacheCapability,
  CacheKind,
  ExternalActions,
  GraceSetting,
  KeyDistribution,
  RateStage,
  RetryPolicy,
  ServiceTimeModel,
};

export interface ScenarioSpec {
  /** kebab-case id: `stampede run <name>`, report directory names */
  name: string;
  /** one line */
  title: string;
  /** one paragraph: which postmortem this reproduces */
  incident: string;
  /** what the run shows and what to look at in the report */
  description: string;
  load: ScenarioLoad;
  /** the fake origin; fields left out take the fake backend's defaults */
  origin: ScenarioOrigin;
  cache: ScenarioCache;
  warmup: ScenarioWarmup;
  /** the steady window before the first fault that the baseline medians come from */
  baselineS: number;
  /** faults and repairs, sorted by `at` */
  timeline: TimelineStep[];
  observe: ScenarioObserve;
  /** the recovery rule's tolerances (DESIGN.md `recovery.seconds`) */
  recovery: RecoveryTolerancesSpec;
  expect: ScenarioExpect;
  /** k6-style `metric op value` over report.json's summary, e.g. `rate503 < 0.01` (see thresholds/) */
  thresholds: string[];
}

export interface ScenarioLoad {
  /** open (arrival rate) or closed (N connections, each sending as soon as it has an answer) */
  model: 'open' | 'closed';
  /** open model: evenly spaced or Poisson arrivals (seeded) */
  arrival: 'constant' | 'poisson';
  /** open model, constant rate: requests per second over all workers (exclusive with stages) */
  ratePerS?: number;
  /** open model with ramps (exclusive with ratePerS) */
  stages?: RateStage[];
  /** where the first stage ramps from */
  startRatePerS?: number;
  /** the longest the measured load may run (observe may stop it earlier); with stages, their total */
  durationS: number;
  keys: number;
  distribution: KeyDistribution;
  seed: number;
  workers?: number;
  connections?: number;
  timeoutMs?: number;
  /** bucket width of the time series */
  intervalMs?: number;
  /** client retries (every field filled in); left out, the clients never retry */
  retry?: RetryPolicy;
}

/** BackendOptions fields a scenario may set (the rest are the orchestrator's: host, ports, seed, interval). */
export interface ScenarioOrigin {
  concurrency?: number;
  queue?: number;
  queueTimeoutMs?: number;
  serviceTime?: ServiceTimeModel;
  contention?: number;
  ttlS?: number;
  staleWhileRevalidateS?: number;
  ttlJitterPct?: number;
  bodyBytes?: number;
  /** serve waiters whose client went away (a server that cannot see disconnects): their work is wasted */
  serveAbandoned?: boolean;
}

/**
 * The cache in front of the origin. Fields map one to one onto the adapters' CacheAdapterOptions; fields left out
 * take the adapter's defaults (coalescing on, grace as the origin's stale-while-revalidate says).
 */
export interface ScenarioCache {
  kind: CacheKind;
  /** request coalescing; left out = on (undici deduplicate / varnish waiting list / nginx proxy_cache_lock) */
  coalescing?: boolean;
  /** serve stale for this long past expiry while one background fetch refreshes, or never (false) */
  grace?: GraceSetting;
  /** cache everything for this many seconds whatever the origin's Cache-Control says */
  ttlOverrideS?: number;
  /** embedded only: most entries kept (LRU beyond it) */
  maxCount?: number;
  /** storage size (embedded store, varnish -s malloc, nginx max_size) */
  maxSizeBytes?: number;
  /** response header with the cache outcome */
  cacheHeader?: string;
  /** varnish only: your VCL (absolute after loading a file) */
  vclFile?: string;
  /** nginx only: your server block (absolute after loading a file) */
  nginxConfFile?: string;
  /** external only: the cache's URL */
  url?: string;
  /** external only: how to purge, ban, restart or reconfigure it */
  actions?: ExternalActions;
}

/**
 * Before time 0 (not measured): fetch the `prefetchTopN` most popular keys at `prefetchRatePerS`, then send load at
 * `ratePerS` (default: the load's rate) for `durationS`. `durationS: 0` without prefetch = no warm-up.
 */
export interface ScenarioWarmup {
  durationS: number;
  ratePerS?: number;
  prefetchTopN?: number;
  prefetchRatePerS?: number;
}

export interface ScenarioObserve {
  /** stop at the latest this long after the last timeline action */
  maxS: number;
  /** stop once recovered (plus extraS) rather than at maxS */
  stopWhenRecovered: boolean;
  /** how long to keep measuring after the recovery point */
  extraS: number;
}

/** the recovery rule's knobs, all set (the schema fills in the defaults): one definition, in analysis/recovery.ts */
export type RecoveryTolerancesSpec = RecoveryTolerances;

export interface ScenarioExpect {
  /** true: not recovering fails the verdict; false: the scenario demonstrates a failure that persists or is
   * metastable (recovering fails); 'any': recovery is reported, not judged */
  recovers: boolean | 'any';
}

/** Timeline action kinds (the discriminant of Action). */
export type ActionKind = Action['action'];

export type Action =
  /** drop every cached object (a global purge / ban everything) */
  | { action: 'purge-all' }
  /** drop the objects whose URL (path + query) matches a regular expression */
  | { action: 'ban'; pattern: string }
  /** drop some objects: named keys (k1 is the hottest) or the top N by popularity */
  | { action: 'purge'; keys: string[] | { top: number } }
  /** restart the cache: empty (cold) or then re-fetching the top N keys at ratePerS before serving (warm) */
  | { action: 'restart-cache'; mode: 'cold' | 'warm'; warm?: { topN: number; ratePerS: number } }
  /** the origin's Cache-Control from now on */
  | { action: 'set-origin-ttl'; ttlS: number; staleWhileRevalidateS?: number; ttlJitterPct?: number }
  /** the origin slows down by a factor or to a new service-time model, optionally for durationS then back */
  | {
      action: 'origin-slowdown';
      factor?: number;
      serviceTime?: ServiceTimeModel;
      contention?: number;
      durationS?: number;
    }
  /** the origin's slots and queue change (a capacity drop or a scale-out) */
  | { action: 'origin-capacity'; concurrency?: number; queue?: number }
  /** the origin stops answering for durationS (connections held, nothing served) */
  | { action: 'origin-pause'; durationS: number }
  /** a cache configuration change under load; ttlOverrideS: null removes the override */
  | ({ action: 'reload-cache-config' } & CacheConfigChange)
  /** the origin refuses connections until origin-up */
  | { action: 'origin-down' }
  | { action: 'origin-up' }
  /** nothing happens: records an event (e.g. "the hot set expires now") that the analysis measures from */
  | { action: 'mark'; label: string };

/** A timeline entry: `at` seconds after the start of the measured load. */
export type TimelineStep = { at: number } & Action;

export type ActionOf<K extends ActionKind> = Extract<Action, { action: K }>;
