/**
 * Load spec: what the generator is asked to do. `LoadSpecInput` is what users and the orchestrator
 * pass (defaults filled in by validation); `LoadSpec` is the frozen, validated record.
 * Validation uses a schema library and reports every problem at once (LoadSpecError).
 *
 * TODO(loadgen): zod schema + `validateLoadSpec(input): LoadSpec`.
 */

export type KeyDistribution =
  | { kind: 'uniform' }
  /** rank r (1-based) has weight 1 / r^s */
  | { kind: 'zipf'; s: number }
  /** `hotFraction` of the keys receive `hotTrafficFraction` of the requests, uniformly within each set */
  | { kind: 'hotset'; hotFraction: number; hotTrafficFraction: number };

/** k6-style ramp: from the previous stage's target (or `startRatePerS`) linearly to `targetRatePerS`. */
export interface RateStage {
  durationS: number;
  targetRatePerS: number;
}

export interface LoadSpec {
  /** absolute http URL; `{key}` is replaced with the chosen key (e.g. http://127.0.0.1:8080/items/{key}) */
  url: string;
  /** open (arrival rate, default) or closed (N connections, as fast as replies come) */
  model: 'open' | 'closed';
  /** open model: constant spacing or Poisson arrivals */
  arrival: 'constant' | 'poisson';
  /** open model, constant rate: total requests per second over all workers */
  ratePerS: number;
  /** open model with ramps; when non-empty, the run lasts the sum of the stage durations */
  stages: RateStage[];
  startRatePerS: number;
  durationS: number;
  /** worker threads; default: the machine's cores (os.availableParallelism()) */
  workers: number;
  /** total connections over all workers (split as evenly as possible, at least one each) */
  connections: number;
  pipelining: number;
  /** per-request timeout; a request past it counts as `timeout` */
  timeoutMs: number;
  /** per worker: requests due while this many are outstanding are dropped (counted, never silent) */
  maxInFlight: number;
  keys: number;
  distribution: KeyDistribution;
  seed: number;
  /** bucket width, 100 ms – 10 s */
  intervalMs: number;
  /** response header carrying the cache outcome (lower-case), e.g. x-cache or x-cache-status */
  cacheHeader: string;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  /** only loopback targets unless true */
  allowRemote: boolean;
}
