/**
 * When a run observing recovery may stop: once it has recovered and stayed so for the recovery window plus
 * observe.extraS. One rule for the live check (stop-check.ts) and the simulator's cut (simulate/observed-length.ts).
 */
import { analyze } from '../analysis/analyze.js';
import { EMPTY_LATENCY, type HistogramOps } from '../record/histogram-ops.js';
import type { ReportEvent, SeriesPoint } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';

/** epoch ms the run may stop at, or null: not recovered (yet), or the spec does not stop on recovery */
export function recoveredStopAt(
  spec: ScenarioSpec,
  series: readonly SeriesPoint[],
  events: readonly ReportEvent[],
  intervalMs: number,
): number | null {
  if (!spec.observe.stopWhenRecovered || spec.timeline.length === 0) return null;
  const firstAction = events.find((e) => e.kind === 'action');
  if (!firstAction) return null;
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
  if (!summary.recovery.recovered || recoveredAt == null) return null;
  return recoveredAt + (spec.recovery.windowS + spec.observe.extraS) * 1000;
}

/** The stop rule needs no latency percentiles per phase: skip the histogram merges. */
const NO_HISTOGRAMS: HistogramOps = { merge: () => '', summarize: () => ({ ...EMPTY_LATENCY }) };
