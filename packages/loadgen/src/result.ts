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
  /** latency (from intended send time) of the completions in this bucket, encoded HDR (µs) */
  histogram: string;
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
