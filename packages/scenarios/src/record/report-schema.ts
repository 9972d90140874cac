/**
 * The zod schema of report.json (`stampede.report/v1`), mirroring report.ts. Objects are loose: v1 only grows
 * by additive fields, so a reader keeps (and re-renders) fields it does not know instead of rejecting or
 * dropping them.
 */
import { z } from 'zod';
import { REPORT_SCHEMA, type Report } from './report.js';

const num = z.number();
const count = z.number().nonnegative();

const statusCounts = z.looseObject({
  '2xx': count,
  '503': count,
  '5xx': count,
  '4xx': count,
  timeout: count,
  connError: count,
});

const latencySummary = z.looseObject({ p50: num, p90: num, p99: num, p999: num, max: num });

const seriesPoint = z.looseObject({
  t: num,
  sent: count,
  responses: count,
  status: statusCounts,
  cache: z.looseObject({ hit: count, miss: count, stale: count, pass: count, unknown: count.optional() }),
  latencyMs: z.looseObject({ p50: num, p99: num, max: num }),
  origin: z.looseObject({
    arrivals: count,
    rejected503: count,
    inflight: count,
    queue: count,
    maxInflight: count.optional(),
    maxQueue: count.optional(),
  }),
  dropped: count.optional(),
  hitRatio: num.nullable().optional(),
  rate503: num.optional(),
  histogram: z.string().optional(),
  cacheStats: z.record(z.string(), num).optional(),
  retry: z.looseObject({ retries: count, budgetDenied: count, gaveUp: count }).optional(),
});

const reportEvent = z.looseObject({
  t: num,
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
  kind: z.enum(['action', 'fault', 'phase']).optional(),
});

const window = z.looseObject({ from: num, to: num });

const summary = z.looseObject({
  requests: count,
  responses: count,
  dropped: count,
  status: statusCounts,
  rate503: num,
  peak503PerSec: num,
  latencyMs: z.looseObject({
    all: latencySummary,
    baseline: latencySummary,
    incident: latencySummary,
    after: latencySummary,
  }),
  recovery: z.looseObject({ recovered: z.boolean(), seconds: num.nullable(), reason: z.string().optional() }),
  rewarm: z.looseObject({ seconds: num.nullable() }),
  amplification: num.nullable(),
  hitRatio: z.looseObject({ baseline: num.nullable(), min: num.nullable() }),
  origin: z.looseObject({ arrivals: count, rejected503: count, peakInflight: count, peakQueue: count }),
  generator: z.looseObject({
    saturated: z.boolean(),
    scheduleLagP99Ms: num,
    workersFailed: num.optional(),
    reason: z.string().optional(),
  }),
  retry: z
    .looseObject({
      logical: count,
      attempts: count,
      retries: count,
      budgetDenied: count,
      gaveUp: count,
      amplification: num,
    })
    .optional(),
  windows: z
    .looseObject({ baseline: window.nullable(), fault: num.nullable(), recoveredAt: num.nullable() })
    .optional(),
  baseline: z
    .looseObject({
      p99Ms: num,
      errorRate: num,
      hitRatio: num.nullable(),
      originRatePerS: num,
      healthy: z.boolean().optional(),
      problem: z.string().optional(),
    })
    .optional(),
});

const scalar = z.union([num, z.boolean(), z.string()]);

export const reportSchema = z.looseObject({
  schema: z.literal(REPORT_SCHEMA),
  runId: z.string(),
  startedAt: z.string(),
  tool: z.looseObject({ version: z.string(), node: z.string().optional() }),
  scenario: z.looseObject({
    name: z.string(),
    title: z.string().optional(),
    incident: z.string().optional(),
    spec: z.unknown(),
  }),
  cache: z.looseObject({
    kind: z.string(),
    version: z.string(),
    config: z.record(z.string(), z.unknown()),
    stats: z.record(z.string(), num).optional(),
  }),
  origin: z.looseObject({ concurrency: count, queue: count, serviceMs: z.unknown(), ttlS: num.optional() }),
  load: z.looseObject({
    model: z.string(),
    rate: num,
    workers: count,
    connections: count,
    keys: count,
    distribution: z.unknown(),
  }),
  events: z.array(reportEvent),
  summary,
  series: z.array(seriesPoint),
  histograms: z.looseObject({ all: z.string(), baseline: z.string(), incident: z.string(), after: z.string() }),
  verdict: z.looseObject({
    pass: z.boolean(),
    failures: z.array(z.looseObject({ metric: z.string(), op: z.string(), limit: scalar, actual: scalar.nullable() })),
  }),
  interrupted: z.looseObject({ reason: z.string(), at: num, phase: z.string().optional() }).optional(),
  simulated: z.looseObject({ modelVersion: z.string(), events: count, wallMs: count }).optional(),
  shards: z
    .looseObject({
      engine: z.string(),
      where: z.string(),
      count,
      maxClockOffsetMs: num,
      rows: z.array(
        z.looseObject({
          index: count,
          state: z.enum(['ok', 'died', 'failed', 'never-started']),
          requests: count,
          dropped: count,
          scheduleLagP99Ms: num,
          clockOffsetMs: num,
          rttMs: num,
          saturated: z.boolean(),
          reason: z.string().optional(),
        }),
      ),
    })
    .optional(),
});

/** Compile-time check that the schema and report.ts describe the same document. */
export const asReport: (parsed: z.infer<typeof reportSchema>) => Report = (parsed) => parsed;
