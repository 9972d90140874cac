import type { OriginBucket } from '@stampede/fake-backend';
import type { LoadBucket } from '@stampede/loadgen';
import type { SeriesPoint } from '../record/report.js';
import { bucketWidthMs } from '../record/bucket-width.js';
import { hitRatio } from '../record/hit-ratio.js';
import { rate503 } from '../record/rate503.js';

/** The origin-side fields the report keeps per bucket (fake-backend's OriginBucket satisfies this). */
export type OriginSeriesBucket = Pick<OriginBucket, 't' | 'arrivals' | 'rejected503' | 'inflight' | 'queue'> &
  Partial<Pick<OriginBucket, 'maxInflight' | 'maxQueue'>>;

export interface MergeSeriesOptions {
  /** bucket width; inferred from the bucket starts when omitted */
  intervalMs?: number;
  /**
   * the load's first bucket: origin buckets before it are left out when nothing arrived in them (a run resets the
   * origin's counters just before its load starts, so the origin's series opens a bucket early); one that holds
   * arrivals stays, so nothing measured is dropped
   */
  fromMs?: number;
}

/**
 * Join client-side buckets (loadgen) and origin-side buckets (fake origin) on their shared epoch-aligned `t`
 * into the report's series. A side missing at some `t` contributes zeros; holes in the grid between the first
 * and the last bucket are filled with all-zero points, so consecutive points are always consecutive intervals.
 */
export function mergeSeries(
  load: readonly LoadBucket[],
  origin: readonly OriginSeriesBucket[],
  options: MergeSeriesOptions = {},
): SeriesPoint[] {
  const byT = new Map<number, { load?: LoadBucket; origin?: OriginSeriesBucket }>();
  for (const b of load) byT.set(b.t, { ...byT.get(b.t), load: b });
  const from = options.fromMs ?? Number.NEGATIVE_INFINITY;
  for (const b of origin) if (b.t >= from || b.arrivals > 0 || byT.has(b.t)) byT.set(b.t, { ...byT.get(b.t), origin: b });
  if (byT.size === 0) return [];

  const ts = [...byT.keys()].sort((a, b) => a - b);
  const intervalMs = options.intervalMs ?? bucketWidthMs(ts.map((t) => ({ t })));
  const first = ts[0] as number;
  const last = ts[ts.length - 1] as number;
  for (let t = first + intervalMs; t < last; t += intervalMs) if (!byT.has(t)) byT.set(t, {});

  return [...byT.keys()].sort((a, b) => a - b).map((t) => toPoint(t, byT.get(t) ?? {}));
}

function toPoint(t: number, sides: { load?: LoadBucket; origin?: OriginSeriesBucket }): SeriesPoint {
  const l = sides.load;
  const o = sides.origin;
  const status = l
    ? { ...l.status }
    : { '2xx': 0, '503': 0, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 };
  const cache = l
    ? { hit: l.cache.hit, miss: l.cache.miss, stale: l.cache.stale, pass: l.cache.pass, unknown: l.cache.unknown }
    : { hit: 0, miss: 0, stale: 0, pass: 0, unknown: 0 };
  const responses = l?.responses ?? 0;
  return {
    t,
    sent: l?.sent ?? 0,
    responses,
    status,
    cache,
    latencyMs: l ? { ...l.latencyMs } : { p50: 0, p99: 0, max: 0 },
    origin: {
      arrivals: o?.arrivals ?? 0,
      rejected503: o?.rejected503 ?? 0,
      inflight: o?.inflight ?? 0,
      queue: o?.queue ?? 0,
      maxInflight: o?.maxInflight ?? o?.inflight ?? 0,
      maxQueue: o?.maxQueue ?? o?.queue ?? 0,
    },
    dropped: l?.dropped ?? 0,
    hitRatio: hitRatio(cache),
    rate503: rate503(status, responses),
    histogram: l?.histogram ?? '',
    ...(l?.retry ? { retry: { ...l.retry } } : {}),
  };
}
