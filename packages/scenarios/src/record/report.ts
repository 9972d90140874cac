/**
 * The run record: report.json, schema `stampede.report/v1` — exactly DESIGN.md's contract. Additive changes only within v1
 * (fields marked "additive" are ours on top of DESIGN.md's list). A report can be re-rendered from this alone.
 */
import type { ShardsRecord } from './shards-record.js';

export type { ShardRow, ShardsRecord } from './shards-record.js';

export const REPORT_SCHEMA = 'stampede.report/v1' as const;

/**
 * Outcome counts by class. The record owns its field types rather than borrowing the load generator's: a record
 * is also written by shards and the simulator, and its shape changes only with the schema. (The generator's
 * buckets have the same shape; assigning them into a record is where TypeScript would catch a drift.)
 */
export interface StatusCounts {
  '2xx': number;
  '503': number;
  /** 5xx other than 503 */
  '5xx': number;
  '4xx': number;
  timeout: number;
  connError: number;
}

/** Cache outcomes read from one response header per adapter; `unknown`: header absent or unrecognised. */
export interface CacheCounts {
  hit: number;
  miss: number;
  stale: number;
  pass: number;
  unknown: number;
}

/** Latency percentiles and max, in milliseconds. */
export interface LatencySummaryMs {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** Client retry totals (see ReportSummary.retry). */
export interface RetrySummary {
  logical: number;
  attempts: number;
  retries: number;
  budgetDenied: number;
  gaveUp: number;
  /** attempts / logical (1 when nothing was retried; 0 when nothing was sent) */
  amplification: number;
}

export type Phase = 'all' | 'baseline' | 'incident' | 'after';

export interface ReportEvent {
  /** epoch ms */
  t: number;
  action: string;
  detail: Record<string, unknown>;
  /** additive: 'action' (timeline), 'fault' (something broke inside the run), 'phase' (baseline start, ...) */
  kind?: 'action' | 'fault' | 'phase';
}

export interface SeriesPoint {
  /** bucket start, epoch ms (grid shared by loadgen and origin) */
  t: number;
  sent: number;
  responses: number;
  status: StatusCounts;
  cache: Pick<CacheCounts, 'hit' | 'miss' | 'stale' | 'pass'> & { unknown?: number };
  latencyMs: { p50: number; p99: number; max: number };
  /** inflight/queue: at the end of the bucket; additive maxInflight/maxQueue: the highest seen in the bucket */
  origin: {
    arrivals: number;
    rejected503: number;
    inflight: number;
    queue: number;
    maxInflight?: number;
    maxQueue?: number;
  };
  /** additive: requests the generator could not send in this bucket */
  dropped?: number;
  /** additive: hit ratio of this bucket, (hit + stale) / responses with a known outcome; null when none */
  hitRatio?: number | null;
  /** additive: 503 / responses of this bucket (0 when no responses) */
  rate503?: number;
  /** additive: encoded HDR of this bucket's latencies (µs), so phases can be re-merged offline */
  histogram?: string;
  /** additive: cache-native counters sampled this bucket (e.g. varnishstat MAIN.* deltas) */
  cacheStats?: Record<string, number>;
  /**
   * additive, only when the load had a client retry policy: retry attempts sent, retries the budget denied and
   * logical requests that gave up in this bucket. Then `sent` counts first attempts (logical requests) and
   * status/responses/cache count every attempt.
   */
  retry?: { retries: number; budgetDenied: number; gaveUp: number };
}

export interface VerdictFailure {
  metric: string;
  op: string;
  limit: number | boolean | string;
  actual: number | boolean | string | null;
}

export interface ReportSummary {
  requests: number;
  responses: number;
  dropped: number;
  status: StatusCounts;
  rate503: number;
  peak503PerSec: number;
  latencyMs: Record<Phase, LatencySummaryMs>;
  /** additive: `reason` says why it did not recover when the analysis can tell (sustained by client retries) */
  recovery: { recovered: boolean; seconds: number | null; reason?: string };
  rewarm: { seconds: number | null };
  amplification: number | null;
  hitRatio: { baseline: number | null; min: number | null };
  origin: { arrivals: number; rejected503: number; peakInflight: number; peakQueue: number };
  /** additive: workersFailed (worker threads that failed mid-run) and reason, when the generator was not whole */
  generator: { saturated: boolean; scheduleLagP99Ms: number; workersFailed?: number; reason?: string };
  /**
   * additive, only when the load had a client retry policy: logical requests (first attempts sent), attempts
   * (first attempts + retries), retries, retries the budget denied, logical requests that gave up (still failing
   * when out of attempts, budget or time), and amplification = attempts / logical. `status` counts attempts.
   */
  retry?: RetrySummary;
  /** additive: the analysis windows, epoch ms */
  windows?: {
    baseline: { from: number; to: number } | null;
    fault: number | null;
    recoveredAt: number | null;
  };
  /**
   * additive: the baseline medians the recovery rule compared against; `healthy: false` (with `problem`) when the
   * baseline was itself failing or missing, so recovery was not judged
   */
  baseline?: {
    p99Ms: number;
    errorRate: number;
    hitRatio: number | null;
    originRatePerS: number;
    healthy?: boolean;
    problem?: string;
  };
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  runId: string;
  startedAt: string;
  tool: { version: string; node?: string };
  scenario: { name: string; title?: string; incident?: string; spec: unknown };
  /** additive: `stats` = the cache's own counters over the measured run (e.g. varnishstat MAIN.backend_req) */
  cache: { kind: string; version: string; config: Record<string, unknown>; stats?: Record<string, number> };
  origin: {
    concurrency: number;
    queue: number;
    serviceMs: unknown;
    ttlS?: number;
    [k: string]: unknown;
  };
  load: {
    model: string;
    rate: number;
    workers: number;
    connections: number;
    keys: number;
    distribution: unknown;
    [k: string]: unknown;
  };
  events: ReportEvent[];
  summary: ReportSummary;
  series: SeriesPoint[];
  histograms: Record<Phase, string>;
  verdict: { pass: boolean; failures: VerdictFailure[] };
  /** additive: set when the run was cut short (signal or fatal fault); the report holds what was measured */
  interrupted?: {
    reason: string;
    at: number;
    /** additive: the phase the run was in: origin, cache, warmup, load, analysis or report (writing the files) */
    phase?: string;
  };
  /**
   * additive: `stampede run --repeat N` — the spread of each metric over the N runs, so a gate can tell a
   * regression from noise. `summary` stays one run's summary; these are across runs.
   */
  repeat?: RepeatStats;
  /**
   * additive: the report came from `stampede simulate` (the virtual-time model, issue 11), not from a measured run:
   * the model's version, the events it processed and the wall time it took. Every number in it is the model's.
   */
  simulated?: SimulatedRun;
  /**
   * additive: the load came from several generators (`stampede run --shards N`, `stampede merge`): where they ran and
   * one row per shard. Every other number is the exact merge of theirs (record/README.md, the merge contract).
   */
  shards?: ShardsRecord;
}

/** additive: what simulated a report (report.simulated). */
export interface SimulatedRun {
  /** simulate/model-version.ts MODEL_VERSION, e.g. 'sim-1': simulated numbers compare only within one version */
  modelVersion: string;
  /** events the model processed (arrivals, origin events, actions) */
  events: number;
  /** wall-clock milliseconds the simulation took */
  wallMs: number;
}

/** additive: per-metric statistics over repeated runs of one scenario (report.repeat). */
export interface RepeatStats {
  /** how many runs */
  n: number;
  /** keyed by metric path (thresholds/metrics.ts: `rate503`, `recovery.seconds`, `latencyMs.incident.p99`, ...) */
  metrics: Record<string, RepeatMetricStats>;
}

/**
 * One metric over the runs. Booleans are recorded as 1 (true) / 0 (false). `values` has one entry per run, in run
 * order, null where that run had no value (recovery.seconds of a run that did not recover); the other fields are
 * over the non-null values, null when there are none. `mad`: median absolute deviation from the median.
 */
export interface RepeatMetricStats {
  median: number | null;
  min: number | null;
  max: number | null;
  mad: number | null;
  values: (number | null)[];
}
