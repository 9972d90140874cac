/**
 * The measured load, from start to done: the timeline actions fire at their times, and at every interval the
 * bucket goes out to the caller, the cache is checked for having died, its own counters are sampled, and (once
 * every action has finished) the run stops when it has recovered or reached its time limit.
 */
import type { Backend } from '@stampede/fake-backend';
import type { LoadBucket, LoadResult, LoadRun } from '@stampede/loadgen';
import type { CacheAdapter } from '../caches/adapter.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import type { ActionSchedule } from './action-schedule.js';
import { watchCacheProcesses } from './cache-watch.js';
import { faultEvent } from './fault-event.js';
import type { NativeStatsSampler } from './native-stats-sampler.js';
import type { RunLog } from './run-log.js';
import { shouldStop } from './stop-check.js';

export interface TimelineInput {
  spec: ScenarioSpec;
  intervalMs: number;
  /** the measured load, just started */
  load: LoadRun;
  cache: CacheAdapter;
  origin: Backend;
  actions: ActionSchedule;
  sampler: NativeStatsSampler;
  log: RunLog;
  /** every bucket of the load is appended here as it arrives (what was measured, should the run fail) */
  buckets: LoadBucket[];
}

export function runTimeline({ spec, intervalMs, load, cache, origin, actions, sampler, log, buckets }: TimelineInput): Promise<LoadResult> {
  let t0 = 0;
  load.once('started', ({ t0: start }) => {
    t0 = start;
    log.record({ t: start, action: 'load-start', detail: { ratePerS: spec.load.ratePerS ?? null }, kind: 'phase' });
    actions.start(start);
  });

  const checkCache = watchCacheProcesses(cache, spec.cache.kind, log.record);
  load.on('bucket', (bucket) => {
    buckets.push(bucket);
    checkCache(actions.inFlight);
    const stats = origin.stats();
    log.emit({
      type: 'bucket',
      bucket,
      elapsedS: (bucket.t + intervalMs - t0) / 1000,
      origin: { inflight: stats.inflight, queue: stats.queue },
    });
    sampler.sample(bucket.t);
    if (actions.done && shouldStop(spec, buckets, log.events, origin, t0, actions.lastAtS, intervalMs)) load.stop();
  });
  load.on('error', (err) => log.record(faultEvent('load-worker', err)));

  return load.done;
}
