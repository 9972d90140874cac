/**
 * The records the generator produces. Plain, serialisable data: they cross threads (worker -> main),
 * processes and files (report.json), and a report can be rebuilt from them alone.
 * Times are epoch milliseconds (float) from `performance.timeOrigin + performance.now()`.
 * Histograms are hdr-histogram-js compressed base64 of integer microseconds.
 */

/** Outcome classes, counted separately (DESIGN.md). `timeout` and `connError` are not responses. */
export interface StatusCounts {
  '2xx': number;
  '503': number;
  /** 5xx other than 503. */
  '5xx': number;
  '4xx': number;
  timeout: number;
  connError: number;
}

/** Cache outcome read from one response header (X-Cache / X-Cache-Status). */
export interface CacheCounts {
  hit: number;
  miss: number;
  /** STALE, GRACE, UPDATING, REVALIDATED(stale-served) */
  stale: number;
  /** PASS, BYPASS, EXPIRED is a miss */
  pass: number;
  /** header absent or unrecognised */
  unknown: number;
}

export interface LatencySummaryMs {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * One interval of the run, merged over all workers. Buckets sit on an epoch-aligned grid
 * (`t = floor(time / intervalMs) * intervalMs`) so that origin-side series line up with them.
 * `intended`/`sent`/`dropped` are counted by intended send time; responses, statuses, cache
 * outcomes and latency by completion time.
 */
export interface LoadBucket {
  /** bucket start, epoch ms */
  t: number;
  intended: number;
  sent: number;
  dropped: number;
  /** completions with an HTTP status (2xx + 4xx + 503 + 5xx) */
  responses: number;
  status: StatusCounts;
  cache: CacheCounts;
  latencyMs: { p50: number; p99: number; max: number };
  /**
   * latency (from intended send time) of the completions in this bucket, encoded HDR (µs). With retries: one
   * sample per logical request, from its first attempt's intended time to the end of its last attempt.
   */
  histogram: string;
  /**
   * additive, only when the spec has a retry policy. With retries, `sent` counts first attempts (logical requests)
   * and status/cache/responses count every attempt: attempts = sent + retry.retries = responses + timeout + connError.
   */
  retry?: RetryCounts;
}

/** One interval's retry counters (by the time each happened). */
export interface RetryCounts {
  /** retry attempts sent (the first attempt of a request is not a retry) */
  retries: number;
  /** retries the budget refused (the request ended with its failing attempt) */
  budgetDenied: number;
  /**
   * logical requests that ended failing with an outcome the policy retries: attempts exhausted, budget denied,
   * max in-flight reached when the retry was due, or the run ended
   */
  gaveUp: number;
}

/** The run's retries (additive, only with a retry policy). */
export interface RetrySummary {
  /** logical requests sent (first attempts) */
  logical: number;
  /** first attempts + retries */
  attempts: number;
  retries: number;
  budgetDenied: number;
  gaveUp: number;
  /** attempts / logical (1 when nothing was retried; 0 when nothing was sent) */
  amplification: number;
}

export interface GeneratorHealth {
  /** true when any request was dropped or schedule lag p99 exceeded the saturation limit */
  saturated: boolean;
  scheduleLagP99Ms: number;
  scheduleLagMaxMs: number;
  /** human-readable reason when saturated */
  reason?: string;
  /** additive: worker threads that failed during the run (absent when none did) */
  workersFailed?: number;
}

export interface LoadSummary {
  /** requests whose intended time fell inside the run */
  requests: number;
  sent: number;
  responses: number;
  dropped: number;
  status: StatusCounts;
  cache: CacheCounts;
  rate503: number;
  peak503PerSec: number;
  achievedRatePerS: number;
  /** latency from intended send time (coordinated-omission-free) */
  latencyMs: LatencySummaryMs;
  /** completion - actual send */
  serviceTimeMs: LatencySummaryMs;
  generator: GeneratorHealth;
  /** response body bytes received over the run (additive) */
  bodyBytes?: number;
  /** additive: only when the spec has a retry policy. status/cache above count attempts */
  retry?: RetrySummary;
}

export interface LoadResult {
  /** the validated spec the run used */
  spec: import('./spec.js').LoadSpec;
  startedAt: string;
  /** intended time of the first request, epoch ms */
  t0: number;
  endedAt: number;
  /** true when stop() ended the run before durationS */
  stoppedEarly: boolean;
  summary: LoadSummary;
  series: LoadBucket[];
  histograms: { all: string; serviceTime: string; scheduleLag: string };
  /** worker failures during the run (the result holds what was measured); absent when none */
  errors?: string[];
}
