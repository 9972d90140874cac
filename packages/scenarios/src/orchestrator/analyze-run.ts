/**
 * A scenario's measurements judged as the scenario asks: the fault is the first timeline action, the baseline
 * window, recovery tolerances, expected recovery and thresholds come from the spec, histograms are loadgen's HDR.
 * One place for it: a run (assemble-report.ts), a merge of shard results (shards/merge-shard-results.ts) and a
 * simulation judge alike.
 */
import type { LoadResult } from '@stampede/loadgen';
import { analyze, type Analysis, type AnalyzeInput } from '../analysis/analyze.js';
import { loadgenHistogramOps } from '../loadgen-histogram-ops.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { evaluateThresholds } from '../thresholds/index.js';

export type RunMeasurements = Omit<
  AnalyzeInput,
  'histogramOps' | 'faultAt' | 'baseline' | 'recovery' | 'expectRecovery' | 'thresholds' | 'load' | 'allHistogram'
>;

/** `load`: the generator's result (its totals and whole-run histogram are preferred over sums of the series). */
export function analyzeRun(spec: ScenarioSpec, measured: RunMeasurements, load?: Pick<LoadResult, 'summary' | 'histograms'>): Analysis {
  const firstAction = measured.events.find((e) => e.kind === 'action');
  return analyze({
    ...measured,
    ...(load
      ? {
          load: {
            requests: load.summary.requests,
            dropped: load.summary.dropped,
            generator: load.summary.generator,
            ...(load.summary.retry ? { retry: load.summary.retry } : {}),
          },
          allHistogram: load.histograms.all,
        }
      : {}),
    histogramOps: loadgenHistogramOps,
    ...(firstAction ? { faultAt: firstAction.t } : {}),
    baseline: { windowS: spec.baselineS },
    recovery: spec.recovery,
    expectRecovery: spec.expect.recovers === 'any' ? 'any' : spec.expect.recovers ? 'recover' : 'metastable',
    thresholds: (summary) => evaluateThresholds(spec.thresholds, summary),
  });
}
