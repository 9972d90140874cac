import type { Backend } from '@stampede/fake-backend';
import type { LoadBucket } from '@stampede/loadgen';
import { analyze } from '../analysis/analyze.js';
import { mergeSeries } from '../analysis/merge-series.js';
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
  if (!spec.observe.stopWhenRecovered || spec.timeline.length === 0) return false;
  const firstAction = events.find((e) => e.kind === 'action');
  if (!firstAction) return false;
  const series = mergeSeries(buckets, origin.stats().series, { intervalMs });
  const { summary } = analyze({
    series,
    events,
    histogramOps: NO_HISTOGRAMS,
    intervalMs,
    faultAt: firstAction.t,
    baseline: { windowS: spec.baselineS },
    recovery: spec.recovery,
  });
  const recoveredAt = summary.windows?.recoveredAt;
  if (!summary.recovery.recovered || recoveredAt == null) return false;
  return now >= recoveredAt + (spec.recovery.windowS + spec.observe.extraS) * 1000;
}

/** The live recovery check needs no latency percentiles per phase: skip the histogram merges. */
const NO_HISTOGRAMS = {
  merge: () => '',
  summarize: () => ({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0 }),
};
