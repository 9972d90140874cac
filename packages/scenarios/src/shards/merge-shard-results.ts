/**
 * `stampede merge`, offline: the shards' results (shard-<i>.json files, or `STAMPEDE_SHARD_RESULT` log lines from
 * `kubectl logs`) joined with the controller's own record (the run's report.json: spec, events, the origin's and
 * the cache's series), judged again. The same exact merge as a live run: the shards' buckets are merged on their
 * epoch-aligned starts through the record merge (mergeRecords: counters summed, HDR histograms added, percentiles
 * recomputed), the generator totals through loadgen's combineResults, and the origin and cache series are the
 * controller's, never summed.
 */
import { combineResults } from '@stampede/loadgen';
import { mergeSeries } from '../analysis/merge-series.js';
import { loadgenHistogramOps } from '../loadgen-histogram-ops.js';
import { bucketWidthMs } from '../record/bucket-width.js';
import { mergeRecords } from '../record/merge-records.js';
import { RecordMergeError } from '../record/record-merge-error.js';
import type { Report, ShardRow, ShardsRecord } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { analyzeRun } from '../orchestrator/analyze-run.js';
import { ClockOffsetError } from './shard-errors.js';
import type { ShardResult } from './shard-protocol.js';
import { withShardFailures } from './shard-verdict.js';

export interface MergeShardOptions {
  /** the largest clock offset accepted, ms (default: the controller's, else one bucket) */
  maxClockOffsetMs?: number;
}

/**
 * @throws RecordMergeError (STAMPEDE_SPEC) for results of another run, of different shard counts, twice the same
 *   shard, or not on one grid; ClockOffsetError (STAMPEDE_CLOCK_OFFSET) for a shard whose clock was off by more
 *   than the bound
 */
export function mergeShardResults(controller: Report, results: readonly ShardResult[], options: MergeShardOptions = {}): Report {
  const first = results[0];
  if (!first) throw new RecordMergeError('no shard results to merge');
  const spec = controller.scenario.spec as ScenarioSpec;
  const intervalMs = first.result.spec.intervalMs;
  const count = first.shards;
  const seen = new Set<number>();
  for (const r of results) {
    if (r.runId !== controller.runId) throw new RecordMergeError(`shard ${r.index}'s result is of run ${r.runId}, the controller's report of run ${controller.runId}`);
    if (r.shards !== count) throw new RecordMergeError(`shard ${r.index} was one of ${r.shards} shards, shard ${first.index} one of ${count}`);
    if (seen.has(r.index)) throw new RecordMergeError(`shard ${r.index}'s result is given twice`);
    seen.add(r.index);
  }
  const maxOffsetMs = options.maxClockOffsetMs ?? controller.shards?.maxClockOffsetMs ?? intervalMs;
  for (const r of results) {
    if (Math.abs(r.clockOffsetMs) > maxOffsetMs) {
      throw new ClockOffsetError(
        `shard ${r.index}'s clock was ${Math.abs(r.clockOffsetMs).toFixed(0)} ms off the controller's, more than ${maxOffsetMs} ms: its buckets cannot be joined by wall time (allow it with --max-clock-offset)`,
      );
    }
  }

  // shards without a whole result (absent, or only what they streamed before they died): the load was short by them
  const missing = count - results.filter((r) => !r.partial).length;
  const combined = combineResults(
    results.map((r) => r.result),
    {
      spec: {
        ...first.result.spec,
        workers: results.reduce((n, r) => n + r.result.spec.workers, 0),
        connections: results.reduce((n, r) => n + r.result.spec.connections, 0),
      },
      missing,
    },
  );
  const controllerPoints = controller.series.map((p) => ({ t: p.t, origin: p.origin, ...(p.cacheStats ? { cacheStats: p.cacheStats } : {}) }));
  const width = controller.series.length > 1 ? bucketWidthMs(controller.series) : intervalMs;
  if (width !== intervalMs) throw new RecordMergeError(`the shards have ${intervalMs} ms buckets, the controller's report ${width} ms`);
  const { series } = mergeRecords(
    results.map((r) => ({ series: mergeSeries(r.result.series, [], { intervalMs }), histograms: { all: r.result.histograms.all } })),
    loadgenHistogramOps,
    { controller: controllerPoints, intervalMs },
  );
  const o = controller.summary.origin;
  const analysis = analyzeRun(
    spec,
    { series, events: controller.events, intervalMs, originTotals: { arrivals: o.arrivals, rejected503: o.rejected503, maxInflight: o.peakInflight, maxQueue: o.peakQueue } },
    combined,
  );
  const shards = shardsRecord(controller, results, count, maxOffsetMs);
  return {
    ...controller,
    load: { ...controller.load, workers: combined.spec.workers, connections: combined.spec.connections },
    summary: analysis.summary,
    series,
    histograms: analysis.histograms,
    verdict: withShardFailures(analysis.verdict, shards),
    shards,
  };
}

function shardsRecord(controller: Report, results: readonly ShardResult[], count: number, maxClockOffsetMs: number): ShardsRecord {
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const rows: ShardRow[] = [];
  for (let index = 0; index < count; index++) {
    const r = byIndex.get(index);
    const live = controller.shards?.rows.find((x) => x.index === index);
    if (!r) {
      rows.push({
        index,
        state: live && live.state !== 'ok' ? live.state : 'died',
        requests: live?.requests ?? 0,
        dropped: live?.dropped ?? 0,
        scheduleLagP99Ms: live?.scheduleLagP99Ms ?? 0,
        clockOffsetMs: live?.clockOffsetMs ?? 0,
        rttMs: live?.rttMs ?? 0,
        saturated: live?.saturated ?? false,
        reason: live?.reason ?? 'no result was given to the merge',
      });
      continue;
    }
    const g = r.result.summary.generator;
    const requests = r.partial ? (live?.requests ?? r.result.summary.requests) : r.result.summary.requests;
    rows.push({
      index,
      state: r.partial?.state ?? 'ok',
      requests,
      dropped: r.result.summary.dropped,
      scheduleLagP99Ms: r.partial ? (live?.scheduleLagP99Ms ?? 0) : g.scheduleLagP99Ms,
      clockOffsetMs: r.clockOffsetMs,
      rttMs: r.rttMs,
      saturated: r.partial ? (live?.saturated ?? false) : g.saturated,
      ...(r.partial ? { reason: r.partial.reason } : g.reason ? { reason: g.reason } : {}),
    });
  }
  return {
    engine: controller.shards?.engine ?? 'merge',
    where: controller.shards ? `${controller.shards.where}; merged offline` : 'merged offline',
    count,
    maxClockOffsetMs,
    rows,
  };
}
