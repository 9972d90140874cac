import type {
  Phase,
  Report,
  ReportEvent,
  ReportSummary,
  RetrySummary,
  SeriesPoint,
  StatusCounts,
  VerdictFailure,
} from '../record/report.js';
import { amplification } from './amplification.js';
import { computeBaseline, type Baseline, type BaselineOptions } from './baseline.js';
import { outcomeCount } from './error-rate.js';
import { bucketIndexAt } from './bucket-index.js';
import { bucketWidthMs } from '../record/bucket-width.js';
import { findFault } from './find-fault.js';
import { hitRatio } from '../record/hit-ratio.js';
import { baselineResponses, carriesTraffic } from './carries-traffic.js';
import type { HistogramOps } from '../record/histogram-ops.js';
import { phaseLatency, phaseRanges } from './phases.js';
import { peak503PerSec } from './peak-503-per-sec.js';
import { rate503 } from '../record/rate503.js';
import { DEFAULT_RECOVERY_TOLERANCES, findRecovery, type RecoveryTolerances } from './recovery.js';
import { retryPressure, retryTotals, sustainedByRetries } from './retry-pressure.js';
import { DEFAULT_REWARM_FRACTION, findRewarm } from './rewarm.js';
import { assembleVerdict, type RecoveryExpectation } from './verdict.js';

export interface AnalyzeInput {
  /** merged series (see mergeSeries), sorted by t, gap-free */
  series: readonly SeriesPoint[];
  events: readonly ReportEvent[];
  histogramOps: HistogramOps;
  /** bucket width; inferred from the series when omitted */
  intervalMs?: number;
  /** epoch ms of the fault to measure from; default: the first non-phase event (findFault) */
  faultAt?: number;
  baseline?: BaselineOptions;
  recovery?: Partial<RecoveryTolerances>;
  /** default 0.95 */
  rewarmFraction?: number;
  /** default 'recover' */
  expectRecovery?: RecoveryExpectation;
  /** threshold evaluation (owned elsewhere), run over the finished summary; its failures fail the verdict */
  thresholds?: (summary: ReportSummary) => readonly VerdictFailure[];
  /** generator-side totals (LoadSummary): preferred over sums of the series when given */
  load?: {
    requests: number;
    dropped: number;
    generator: ReportSummary['generator'];
    /** the generator's retry totals (LoadSummary.retry), when the load had a retry policy */
    retry?: RetrySummary;
  };
  /** the generator's whole-run latency histogram (LoadResult.histograms.all) */
  allHistogram?: string;
  /** origin-side totals (fake-backend stats): preferred over sums of the series when given */
  originTotals?: { arrivals: number; rejected503: number; maxInflight: number; maxQueue: number };
}

export interface Analysis {
  summary: ReportSummary;
  histograms: Record<Phase, string>;
  verdict: Report['verdict'];
}

/**
 * Everything DESIGN.md's summary asks for, from plain data: baseline, 503 rates, amplification, recovery, rewarm,
 * hit ratio, per-phase latency, and the verdict. Pure: same input, same output.
 *
 * A run without any fault event has nothing to recover from: recovery is { recovered: true, seconds: 0 }, rewarm 0,
 * amplification null, and the baseline is the last window of the run.
 */
export function analyze(input: AnalyzeInput): Analysis {
  const { series } = input;
  const intervalMs = input.intervalMs ?? bucketWidthMs(series);
  const faultAt = input.faultAt ?? findFault(input.events)?.t;
  const faultIndex =
    faultAt === undefined ? series.length : Math.max(0, bucketIndexAt(series, faultAt, intervalMs));

  const baseline = computeBaseline(series, { faultIndex, intervalMs }, input.baseline);
  const tolerances = { ...DEFAULT_RECOVERY_TOLERANCES, ...input.recovery };
  const baselineProblem =
    faultAt === undefined ? null : unhealthyBaseline(series, baseline, tolerances.baselineMaxErrorRate);
  // Recovery means "back to the baseline": against a failing or missing baseline it cannot be judged.
  const recovery =
    faultAt === undefined
      ? null
      : baselineProblem !== null
        ? NOT_JUDGED
        : findRecovery(series, { faultAt, faultIndex, intervalMs }, baseline, tolerances);
  const rewarm =
    faultAt === undefined
      ? { seconds: 0 }
      : findRewarm(series, faultAt, baseline.hitRatio, input.rewarmFraction ?? DEFAULT_REWARM_FRACTION);
  const amp = amplification(series, { faultIndex, intervalMs }, baseline.originRatePerS);
  // Not recovered, with the clients retrying: say whether their retries are what keeps the load up.
  const notRecoveredReason =
    recovery && !recovery.recovered && baselineProblem === null
      ? sustainedByRetries(
          retryPressure(series, {
            faultIndex,
            windowBuckets: recovery.windowBuckets,
            intervalMs,
            baseline: { start: baseline.startIndex, end: baseline.endIndex },
          }),
        )
      : null;
  const retry = input.load?.retry ?? retryTotals(series);

  const ranges = phaseRanges(series.length, {
    baseline: { start: baseline.startIndex, end: baseline.endIndex },
    faultIndex,
    recoveryStartIndex: recovery?.windowStartIndex ?? null,
  });
  const latency = phaseLatency(series, ranges, input.histogramOps, input.allHistogram);

  const status = sumStatus(series);
  const responses = series.reduce((n, p) => n + p.responses, 0);
  const seriesDropped = series.reduce((n, p) => n + (p.dropped ?? 0), 0);
  const afterFault = series.slice(faultAt === undefined ? 0 : faultIndex);
  // Only buckets that carry real traffic: not a partial last bucket nor the drain after the last request.
  const typical = baselineResponses(series.slice(baseline.startIndex, baseline.endIndex));
  const minHit = minOf(afterFault.filter((p) => carriesTraffic(p, typical)).map((p) => hitRatio(p.cache)));

  const summary: ReportSummary = {
    requests: input.load?.requests ?? series.reduce((n, p) => n + p.sent + (p.dropped ?? 0), 0),
    responses,
    dropped: input.load?.dropped ?? seriesDropped,
    status,
    rate503: rate503(status, responses),
    peak503PerSec: peak503PerSec(series, intervalMs),
    latencyMs: latency.latencyMs,
    recovery: recovery
      ? {
          recovered: recovery.recovered,
          seconds: recovery.seconds,
          ...(notRecoveredReason !== null ? { reason: notRecoveredReason } : {}),
        }
      : { recovered: true, seconds: 0 },
    rewarm: { seconds: rewarm.seconds },
    amplification: amp.amplification,
    hitRatio: { baseline: baseline.hitRatio, min: minHit },
    origin: {
      arrivals: input.originTotals?.arrivals ?? series.reduce((n, p) => n + p.origin.arrivals, 0),
      rejected503: input.originTotals?.rejected503 ?? series.reduce((n, p) => n + p.origin.rejected503, 0),
      peakInflight: input.originTotals?.maxInflight ?? maxOf(series.map((p) => p.origin.maxInflight ?? p.origin.inflight)),
      peakQueue: input.originTotals?.maxQueue ?? maxOf(series.map((p) => p.origin.maxQueue ?? p.origin.queue)),
    },
    generator: input.load
      ? {
          saturated: input.load.generator.saturated,
          scheduleLagP99Ms: input.load.generator.scheduleLagP99Ms,
          ...(input.load.generator.workersFailed ? { workersFailed: input.load.generator.workersFailed } : {}),
          ...(input.load.generator.reason ? { reason: input.load.generator.reason } : {}),
        }
      : { saturated: seriesDropped > 0, scheduleLagP99Ms: 0 },
    ...(retry ? { retry: { ...retry } } : {}),
    windows: {
      baseline: baseline.window,
      fault: faultAt ?? null,
      recoveredAt: recovery?.recoveredAt ?? null,
    },
    baseline: {
      p99Ms: baseline.p99Ms,
      errorRate: baseline.errorRate,
      hitRatio: baseline.hitRatio,
      originRatePerS: baseline.originRatePerS,
      healthy: baselineProblem === null,
      ...(baselineProblem !== null ? { problem: baselineProblem } : {}),
    },
  };
  const verdict = assembleVerdict(summary.recovery, {
    expect: input.expectRecovery ?? 'recover',
    thresholdFailures: [
      ...(baselineProblem !== null ? [{ metric: 'baseline.healthy', op: '==', limit: true, actual: false }] : []),
      // the instrument broke: a worker thread's share of the load stopped, so the numbers after it are not the test
      ...(summary.generator.workersFailed
        ? [{ metric: 'generator.workersFailed', op: '==', limit: 0, actual: summary.generator.workersFailed }]
        : []),
      ...(input.thresholds?.(summary) ?? []),
    ],
  });
  return { summary, histograms: latency.histograms, verdict };
}

const NOT_JUDGED = { recovered: false, seconds: null, recoveredAt: null, windowStartIndex: null, windowBuckets: 0 } as const;

/**
 * Why the baseline cannot anchor recovery, or null when it can: there is no window (the fault is in the first
 * bucket), nothing completed in it, or its error rate is above `maxErrorRate`.
 */
export function unhealthyBaseline(
  series: readonly SeriesPoint[],
  baseline: Baseline,
  maxErrorRate: number,
): string | null {
  if (baseline.window === null) {
    return 'no baseline: the fault is in the first bucket, so there is nothing to recover to (schedule the first timeline action later)';
  }
  const outcomes = series.slice(baseline.startIndex, baseline.endIndex).reduce((n, p) => n + outcomeCount(p.status), 0);
  if (outcomes === 0) return 'no baseline: no request completed before the fault';
  if (baseline.errorRate > maxErrorRate) {
    return `unhealthy baseline: ${(baseline.errorRate * 100).toFixed(1)}% of requests failed before the fault (limit ${(maxErrorRate * 100).toFixed(1)}%, recovery.baselineMaxErrorRate), so recovery is not judged: check the cache and origin were up, or lower the rate`;
  }
  return null;
}

function sumStatus(series: readonly SeriesPoint[]): StatusCounts {
  const total: StatusCounts = { '2xx': 0, '503': 0, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 };
  for (const p of series) for (const k of Object.keys(total) as (keyof StatusCounts)[]) total[k] += p.status[k];
  return total;
}

function minOf(values: readonly (number | null)[]): number | null {
  let min: number | null = null;
  for (const v of values) if (v !== null && (min === null || v < min)) min = v;
  return min;
}

function maxOf(values: readonly number[]): number {
  return values.reduce((m, v) => Math.max(m, v), 0);
}
