import type { Backend, BackendStats } from '@stampede/fake-backend';
import type { LoadRun } from '@stampede/loadgen';
import type { CacheAdapter } from '../caches/adapter.js';
import type { ActionSchedule } from './action-schedule.js';

/** What a run has started so far, for teardown. */
export interface Running {
  origin?: Backend;
  cache?: CacheAdapter;
  actions?: ActionSchedule;
  load?: LoadRun;
  /** the origin's counters were reset for the measured load: from then on they belong in the report */
  measuring: boolean;
}

/**
 * Stops whatever was started, in order: pending actions, the load, the cache, the origin (each consumer before
 * what it sends to); a failing stop is ignored. Returns the origin's counters of the measured load, read once the load has
 * stopped (undefined when the run never got to measuring).
 */
export async function teardown(running: Running): Promise<BackendStats | undefined> {
  running.actions?.cancel();
  await running.load?.close().catch(() => {});
  const originStats = running.measuring ? running.origin?.stats() : undefined;
  await running.cache?.stop().catch(() => {});
  await running.origin?.close().catch(() => {});
  return originStats;
}
