/**
 * The metrics a threshold may name: every number or boolean leaf of report.json's `summary` (ReportSummary), as a
 * typed table. The compiler checks the table against ReportSummary: a summary field added, renamed or removed, or a
 * nullability that changes, fails the build here instead of turning a threshold into a silent pass.
 */
import type { LatencySummaryMs, Phase, ReportSummary } from '../record/report.js';

/** Summary fields that are not metrics: analysis windows are epoch timestamps, not outcomes. */
type NotMetrics = 'windows';

type Summary = Omit<ReportSummary, NotMetrics>;

/** Dotted paths of the number/boolean leaves of T (`latencyMs.incident.p99`, `status.2xx`). */
type LeafPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends number | boolean
    ? `${Prefix}${K}`
    : NonNullable<T[K]> extends object
      ? LeafPaths<NonNullable<T[K]>, `${Prefix}${K}.`>
      : never;
}[keyof T & string];

/** The type of the value at a dotted path (undefined when an optional group is absent). */
type ValueAt<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? ValueAt<NonNullable<T[Head]>, Rest> | (undefined extends T[Head] ? undefined : never)
    : never
  : P extends keyof T
    ? T[P]
    : never;

export type MetricPath = LeafPaths<Summary>;
export type MetricType = 'number' | 'boolean';

export interface MetricInfo {
  type: MetricType;
  /** null (or absent) in some runs: recovery.seconds when not recovered, amplification without a fault, ... */
  nullable: boolean;
}

type InfoFor<P extends MetricPath> = {
  type: NonNullable<ValueAt<Summary, P>> extends boolean ? 'boolean' : 'number';
  nullable: null extends ValueAt<Summary, P> ? true : undefined extends ValueAt<Summary, P> ? true : false;
};

const n = { type: 'number', nullable: false } as const;
const nn = { type: 'number', nullable: true } as const;
const b = { type: 'boolean', nullable: false } as const;

const PHASES = ['all', 'baseline', 'incident', 'after'] as const satisfies readonly Phase[];
const PERCENTILES = ['p50', 'p90', 'p99', 'p999', 'max'] as const satisfies readonly (keyof LatencySummaryMs)[];
type LatencyPath = `latencyMs.${(typeof PHASES)[number]}.${(typeof PERCENTILES)[number]}`;

const latency = Object.fromEntries(
  PHASES.flatMap((phase) => PERCENTILES.map((p) => [`latencyMs.${phase}.${p}`, n])),
) as Record<LatencyPath, typeof n>;

const table: { [P in MetricPath]: InfoFor<P> } = {
  requests: n,
  responses: n,
  dropped: n,
  'status.2xx': n,
  'status.503': n,
  'status.5xx': n,
  'status.4xx': n,
  'status.timeout': n,
  'status.connError': n,
  rate503: n,
  peak503PerSec: n,
  ...latency,
  'recovery.recovered': b,
  'recovery.seconds': nn,
  'rewarm.seconds': nn,
  amplification: nn,
  'hitRatio.baseline': nn,
  'hitRatio.min': nn,
  'origin.arrivals': n,
  'origin.rejected503': n,
  'origin.peakInflight': n,
  'origin.peakQueue': n,
  'generator.saturated': b,
  'generator.scheduleLagP99Ms': n,
  'generator.workersFailed': nn,
  'baseline.p99Ms': nn,
  'baseline.errorRate': nn,
  'baseline.hitRatio': nn,
  'baseline.originRatePerS': nn,
  'baseline.healthy': { type: 'boolean', nullable: true },
  'retry.logical': nn,
  'retry.attempts': nn,
  'retry.retries': nn,
  'retry.budgetDenied': nn,
  'retry.gaveUp': nn,
  'retry.amplification': nn,
};

/** Every valid metric path, with its type. */
export const METRICS: Readonly<Record<MetricPath, MetricInfo>> = Object.freeze(table);

export const METRIC_PATHS: readonly MetricPath[] = Object.freeze(Object.keys(METRICS) as MetricPath[]);

export function isMetricPath(path: string): path is MetricPath {
  return Object.hasOwn(METRICS, path);
}

/** The value of a metric in a summary; null when the run has none (an absent additive group reads as null). */
export function metricValue(summary: ReportSummary, path: MetricPath): number | boolean | null {
  let v: unknown = summary;
  for (const segment of path.split('.')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[segment];
  }
  return typeof v === 'number' || typeof v === 'boolean' ? v : null;
}
