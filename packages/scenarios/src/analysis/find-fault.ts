import type { ReportEvent } from '../record/report.js';

/**
 * The fault the analysis measures from: the earliest event that is not a phase marker (a timeline action such
 * as purge or restart, or a fault that happened inside the run). Events without `kind` are timeline actions.
 * Later faults are drawn on the charts but do not restart the analysis.
 */
export function findFault(events: readonly ReportEvent[]): ReportEvent | undefined {
  let first: ReportEvent | undefined;
  for (const e of events) if (e.kind !== 'phase' && (first === undefined || e.t < first.t)) first = e;
  return first;
}
