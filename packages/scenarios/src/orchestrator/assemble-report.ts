/**
 * What was measured, analysed and put together as the Report: the merged series (with the cache's own counters per
 * bucket), the summary and verdict from analysis, and the setup as it actually ran (cache version and config,
 * origin config, load).
 */
import type { BackendStats } from '@stampede/fake-backend';
import type { LoadBucket, LoadResult } from '@stampede/loadgen';
import { mergeSeries } from '../analysis/merge-series.js';
import type { CacheAdapter } from '../caches/adapter.js';
import { REPORT_SCHEMA, type Report, type ReportEvent, type SeriesPoint, type ShardsRecord } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { analyzeRun } from './analyze-run.js';
import { reportLoad } from './report-load.js';
import { withShardFailures } from '../shards/shard-verdict.js';
import { interruptedVerdict } from './interruption.js';
import type { NativeStatsSampler } from './native-stats-sampler.js';

export interface Measured {
  spec: ScenarioSpec;
  runId: string;
  startedAt: Date;
  toolVersion: string;
  intervalMs: number;
  events: ReportEvent[];
  interrupted: Report['interrupted'];
  cacheVersion: string;
  /** undefined when the run failed before creating it */
  cache: CacheAdapter | undefined;
  /** the load's buckets as they arrived: the series when the load never finished */
  buckets: readonly LoadBucket[];
  loadResult: LoadResult | undefined;
  originStats: BackendStats | undefined;
  nativeStats: NativeStatsSampler | undefined;
  /** a sharded load: where the shards ran, a row each */
  shards?: ShardsRecord;
  /** Date.now() minus the run's clock (report-load.ts) */
  wallClockOffsetMs?: number;
}

export function assembleReport(m: Measured): Report {
  const { spec, intervalMs, events, loadResult, originStats, interrupted } = m;
  const loadSeries = loadResult?.series ?? m.buckets;
  const fromMs = loadSeries[0]?.t;
  const series = withNativeStats(
    mergeSeries(loadSeries, originStats?.series ?? [], { intervalMs, ...(fromMs === undefined ? {} : { fromMs }) }),
    m.nativeStats?.series() ?? new Map(),
  );
  const analysis = analyzeRun(spec, { series, events, intervalMs, ...(originStats ? { originTotals: originStats.totals } : {}) }, loadResult);
  const judged = m.shards ? withShardFailures(analysis.verdict, m.shards) : analysis.verdict;
  const verdict = interrupted ? interruptedVerdict(judged) : judged;
  const cacheStats = m.nativeStats?.totals();

  return {
    schema: REPORT_SCHEMA,
    runId: m.runId,
    startedAt: m.startedAt.toISOString(),
    tool: { version: m.toolVersion, node: process.version },
    scenario: { name: spec.name, title: spec.title, incident: spec.incident, spec },
    cache: {
      kind: spec.cache.kind,
      version: m.cacheVersion,
      config: m.cache?.config() ?? {},
      ...(cacheStats ? { stats: cacheStats } : {}),
    },
    origin: originStats
      ? { ...originStats.config, serviceMs: originStats.config.serviceTime }
      : { concurrency: spec.origin.concurrency ?? 0, queue: spec.origin.queue ?? 0, serviceMs: spec.origin.serviceTime ?? null },
    load: reportLoad(spec, {
      workers: loadResult?.spec.workers ?? spec.load.workers ?? 0,
      connections: loadResult?.spec.connections ?? spec.load.connections ?? 0,
      ...(m.wallClockOffsetMs === undefined ? {} : { wallClockOffsetMs: m.wallClockOffsetMs }),
    }),
    events,
    summary: analysis.summary,
    series,
    histograms: analysis.histograms,
    verdict,
    ...(interrupted ? { interrupted } : {}),
    ...(m.shards ? { shards: m.shards } : {}),
  };
}

function withNativeStats(series: SeriesPoint[], stats: ReadonlyMap<number, Record<string, number>>): SeriesPoint[] {
  if (stats.size === 0) return series;
  return series.map((p) => {
    const s = stats.get(p.t);
    return s ? { ...p, cacheStats: s } : p;
  });
}
