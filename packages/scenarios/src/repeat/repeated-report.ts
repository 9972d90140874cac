/**
 * The one report.json of `stampede run --repeat N`: the most typical run's full report (series, events, histograms
 * and summary of that run, so every renderer works unchanged) plus `repeat`, the spread of every metric over the
 * runs that completed. Pure.
 */
import { INTERRUPTION_MARKER } from '../analysis/verdict.js';
import type { Report } from '../record/report.js';
import { aggregateRepeats } from './aggregate-repeats.js';
import { combineVerdicts } from './combine-verdicts.js';
import { pickRepresentative } from './pick-representative.js';

export interface RepeatedRuns {
  /** the runs that completed, in run order */
  runs: readonly Report[];
  /** how many runs were asked for */
  requested: number;
  /** the report's run id (the folder name) */
  runId: string;
  /** set when runs were left out: a signal stopped the repetitions, or a run was cut short */
  stopped?: { reason: string; at: number };
  /** a run that came back cut short (report.interrupted): partial counts, so not in the statistics */
  cut?: Report;
}

export interface RepeatedReport {
  report: Report;
  /** index of the run the report shows, in `runs`; undefined when no run completed */
  representative: number | undefined;
}

/** @throws RangeError when there is neither a completed run nor a cut one. */
export function repeatedReport(input: RepeatedRuns): RepeatedReport {
  const { runs, cut } = input;
  if (runs.length === 0) {
    if (cut === undefined) throw new RangeError('repeatedReport needs at least one run');
    // Nothing completed: what was measured is the cut run, reported like a plain interrupted run.
    return { report: { ...cut, runId: input.runId }, representative: undefined };
  }
  const repeat = aggregateRepeats(runs.map((r) => r.summary));
  const index = pickRepresentative(repeat);
  const chosen = runs[index] as Report;
  const verdict = combineVerdicts(runs.map((r) => r.verdict));
  const stop = input.stopped ?? cut?.interrupted;
  // completed runs carry no `interrupted`: the chosen one is whole
  const base = chosen;
  if (stop === undefined) return { report: { ...base, runId: input.runId, verdict, repeat }, representative: index };
  const interrupted = { reason: `${stop.reason} (after ${runs.length} of ${input.requested} runs)`, at: stop.at };
  return {
    report: {
      ...base,
      runId: input.runId,
      verdict: { pass: false, failures: [...verdict.failures, { ...INTERRUPTION_MARKER }] },
      repeat,
      interrupted,
    },
    representative: index,
  };
}
