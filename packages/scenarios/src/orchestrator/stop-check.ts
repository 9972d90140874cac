import type { Backend } from '@stampede/fake-backend';
import type { LoadBucket } from '@stampede/loadgen';
import { mergeSeries } from '../analysis/merge-series.js';
import { recoveredStopAt } from './recovered-stop-at.js';
import type { ReportEvent } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';

/**
 * Observe, checked live once per interval after the last action: stop once recovered for the window plus extraS,
 * or at the time limit after the last action.
 */
export function shouldStop(
  spec: ScenarioSpec,
  buckets: readonly LoadBucket[],
  events: readonly ReportEvent[],
  origin: Backend,
  t0: number,
  lastAtS: number,
  intervalMs: number,
): boolean {
  const last = buckets[buckets.length - 1];
  if (!last) return false;
  const now = last.t + intervalMs;
  if (now >= t0 + (lastAtS + spec.observe.maxS) * 1000) return true;
  // no series to build when the run does not stop on recovery (recoveredStopAt would say null)
  if (!spec.observe.stopWhenRecovered || spec.timeline.length === 0) return false;
  const stopAt = recoveredStopAt(spec, mergeSeries(buckets, origin.stats().series, { intervalMs }), events, intervalMs);
  return stopAt !== null && now >= stopAt;
}

