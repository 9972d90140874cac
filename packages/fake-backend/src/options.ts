/**
 * Fake origin options. `BackendOptionsInput` (all optional) is what callers pass; validation fills
 * defaults and reports every problem at once (BackendOptionsError, naming the field).
 *
 * TODO(fake-backend): zod schema + `validateBackendOptions(input): BackendOptions`.
 */

export type ServiceTimeModel =
  | { kind: 'constant'; ms: number }
  | { kind: 'exponential'; meanMs: number }
  /** lognormal fitted to the given median and 99th percentile */
  | { kind: 'lognormal'; p50Ms: number; p99Ms: number };

export interface BackendOptions {
  host: string; // 127.0.0.1
  port: number; // 0 = any free port
  adminPort: number; // 0 = any free port
  /** service slots: requests being served at once */
  concurrency: number;
  /** FIFO waiting room; a request that finds it full gets 503 at once */
  queue: number;
  /** a request waiting longer than this gets 503 */
  queueTimeoutMs: number;
  /** Retry-After seconds on 503 */
  retryAfterS: number;
  serviceTime: ServiceTimeModel;
  /** load-dependent slowdown: service time x (1 + contention x inflight / concurrency) */
  contention: number;
  /** Cache-Control max-age */
  ttlS: number;
  /** adds `stale-while-revalidate=N` when > 0 */
  staleWhileRevalidateS: number;
  /** max-age x (1 +/- U(0, p/100)), per response */
  ttlJitterPct: number;
  bodyBytes: number;
  seed: number;
  /** width of the per-interval stats series */
  intervalMs: number;
  /** bumped by POST /config {contentVersion}; sent as X-Content-Version and in the ETag */
  contentVersion: number;
}

/** The subset that POST /config and `backend.configure()` may change at run time. */
export type RuntimeConfig = Partial<
  Pick<
    BackendOptions,
    | 'concurrency'
    | 'queue'
    | 'queueTimeoutMs'
    | 'serviceTime'
    | 'contention'
    | 'ttlS'
    | 'staleWhileRevalidateS'
    | 'ttlJitterPct'
    | 'bodyBytes'
    | 'contentVersion'
  >
>;
