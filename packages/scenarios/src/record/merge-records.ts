import { bucketWidthMs } from './bucket-width.js';
import type { HistogramOps } from './histogram-ops.js';
import { hitRatio } from './hit-ratio.js';
import { rate503 } from './rate503.js';
import { RecordMergeError } from './record-merge-error.js';
import type { Report, SeriesPoint, StatusCounts } from './report.js';

/**
 * What a shard's record contributes to a merge: its series (the client side of each bucket: sent, responses,
 * statuses, cache outcomes, dropped, retries, and the bucket's encoded histogram) and its whole-run histogram.
 * A whole Report is a ShardRecord, so `stampede merge` can take report.json files. Everything else a shard may
 * carry is not merged: its origin fields (a shard does not see the origin), its cacheStats, its summary, phase
 * histograms and verdict (analysis recomputes them from the merged series).
 */
export interface ShardRecord {
  series: readonly SeriesPoint[];
  histograms: Pick<Report['histograms'], 'all'>;
}

/** The controller's own observations of one bucket: the origin's counters and the cache's native counters. */
export type ControllerPoint = Pick<SeriesPoint, 't' | 'origin'> & Partial<Pick<SeriesPoint, 'cacheStats'>>;

export interface MergeRecordsOptions {
  /** the origin and cache series, seen once by the controller; taken as they are, never summed */
  controller?: readonly ControllerPoint[];
  /** bucket width; inferred from the bucket starts when omitted */
  intervalMs?: number;
}

/** The merged measurements: a gap-free series and the whole-run histogram, ready for analysis. */
export interface MergedRecord {
  series: SeriesPoint[];
  histograms: { all: string };
}

/**
 * Merge shard records on their shared epoch-aligned bucket starts `t`. Per bucket, counters are summed; the
 * bucket histograms are added through `ops` and latencyMs (p50, p99, max) recomputed from the sum, never
 * averaged; hitRatio and rate503 are recomputed from the summed counts. The origin fields and cacheStats come
 * from `options.controller` (zeros / absent where it has no bucket). Holes in the grid between the first and the
 * last bucket are filled with all-zero points, as mergeSeries does for one run.
 *
 * @throws RecordMergeError when the inputs are not on one grid, or a bucket with responses has no histogram.
 */
export function mergeRecords(
  records: readonly ShardRecord[],
  ops: HistogramOps,
  options: MergeRecordsOptions = {},
): MergedRecord {
  const controller = options.controller ?? [];
  const shardsAt = new Map<number, SeriesPoint[]>();
  for (const record of records) {
    for (const p of record.series) {
      if (p.responses > 0 && p.histogram === undefined) {
        throw new RecordMergeError(`bucket t=${p.t} has ${p.responses} responses but no histogram: its percentiles cannot be merged`);
      }
      const at = shardsAt.get(p.t);
      if (at) at.push(p);
      else shardsAt.set(p.t, [p]);
    }
  }
  const controllerAt = new Map(controller.map((c) => [c.t, c]));
  const all = { all: ops.merge(records.map((r) => r.histograms.all)) };

  const starts = [...new Set([...shardsAt.keys(), ...controllerAt.keys()])].sort((a, b) => a - b);
  if (starts.length === 0) return { series: [], histograms: all };
  const intervalMs = options.intervalMs ?? bucketWidthMs(starts.map((t) => ({ t })));
  const first = starts[0] as number;
  for (const t of starts) {
    if ((t - first) % intervalMs !== 0) throw new RecordMergeError(`bucket t=${t} is not on the ${intervalMs} ms grid starting at ${first}`);
  }
  // records are gap-free (every producer fills holes), so a record's width is the smallest gap between its starts
  for (const record of records) {
    const width = record.series.length > 1 ? bucketWidthMs(record.series) : intervalMs;
    if (width !== intervalMs) throw new RecordMergeError(`a record has ${width} ms buckets, the merge ${intervalMs} ms`);
  }

  const last = starts[starts.length - 1] as number;
  const series: SeriesPoint[] = [];
  for (let t = first; t <= last; t += intervalMs) series.push(mergePoint(t, shardsAt.get(t) ?? [], controllerAt.get(t), ops));
  return { series, histograms: all };
}

const STATUS_KEYS = ['2xx', '503', '5xx', '4xx', 'timeout', 'connError'] as const satisfies readonly (keyof StatusCounts)[];

/** One bucket: the shards' client sides summed, the controller's origin and cache counters as they are. */
function mergePoint(t: number, points: readonly SeriesPoint[], c: ControllerPoint | undefined, ops: HistogramOps): SeriesPoint {
  const status: StatusCounts = { '2xx': 0, '503': 0, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 };
  const cache = { hit: 0, miss: 0, stale: 0, pass: 0, unknown: 0 };
  let sent = 0;
  let responses = 0;
  let dropped = 0;
  let retry: SeriesPoint['retry'];
  for (const p of points) {
    sent += p.sent;
    responses += p.responses;
    dropped += p.dropped ?? 0;
    for (const k of STATUS_KEYS) status[k] += p.status[k];
    cache.hit += p.cache.hit;
    cache.miss += p.cache.miss;
    cache.stale += p.cache.stale;
    cache.pass += p.cache.pass;
    cache.unknown += p.cache.unknown ?? 0;
    if (p.retry) {
      retry ??= { retries: 0, budgetDenied: 0, gaveUp: 0 };
      retry.retries += p.retry.retries;
      retry.budgetDenied += p.retry.budgetDenied;
      retry.gaveUp += p.retry.gaveUp;
    }
  }
  const histogram = ops.merge(points.map((p) => p.histogram ?? ''));
  const { p50, p99, max } = ops.summarize(histogram);
  return {
    t,
    sent,
    responses,
    status,
    cache,
    latencyMs: { p50, p99, max },
    origin: {
      arrivals: c?.origin.arrivals ?? 0,
      rejected503: c?.origin.rejected503 ?? 0,
      inflight: c?.origin.inflight ?? 0,
      queue: c?.origin.queue ?? 0,
      maxInflight: c?.origin.maxInflight ?? c?.origin.inflight ?? 0,
      maxQueue: c?.origin.maxQueue ?? c?.origin.queue ?? 0,
    },
    dropped,
    hitRatio: hitRatio(cache),
    rate503: rate503(status, responses),
    histogram,
    ...(c?.cacheStats ? { cacheStats: { ...c.cacheStats } } : {}),
    ...(retry ? { retry } : {}),
  };
}
