/**
 * How many buckets of a simulated series a real run would have measured: the run stops once every timeline
 * action is done and it has recovered for the recovery window plus observe.extraS, or observe.maxS after the last
 * action (orchestrator/stop-check.ts checks this live at each bucket, analysing the series so far).
 *
 * One analysis of the whole series gives the same answer as that bucket-by-bucket check, in O(buckets): the
 * baseline lies before the fault, and recovery is the first complete healthy window after it, so every prefix long
 * enough to hold that window finds the same one and no shorter prefix finds any.
 */
import { recoveredStopAt } from '../orchestrator/recovered-stop-at.js';
import type { ReportEvent, SeriesPoint } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';

export function observedLength(
  spec: ScenarioSpec,
  series: readonly SeriesPoint[],
  events: readonly ReportEvent[],
  t0: number,
  intervalMs: number,
): number {
  const lastAtS = spec.timeline.reduce((m, s) => Math.max(m, s.at), 0);
  const recovered = recoveredStopAt(spec, series, events, intervalMs);
  const stopAt = Math.min(t0 + (lastAtS + spec.observe.maxS) * 1000, recovered ?? Number.POSITIVE_INFINITY);
  for (let n = 1; n <= series.length; n++) {
    const now = (series[n - 1] as SeriesPoint).t + intervalMs;
    // the live check starts once the last action has run (it takes a moment: strictly after its time)
    if (now > t0 + lastAtS * 1000 && now >= stopAt) return n;
  }
  return series.length;
}

