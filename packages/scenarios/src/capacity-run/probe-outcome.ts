import type { ProbeOutcome } from '../capacity/search-capacity.js';
import type { Report } from '../record/report.js';

/** What the search needs from a probe's report: its verdict, with the numbers the curve plots. Pure. */
export function probeOutcome(report: Report): ProbeOutcome {
  const s = report.summary;
  return {
    pass: report.verdict.pass,
    rate503: s.rate503,
    recoverySeconds: s.recovery.seconds,
    recovered: s.recovery.recovered,
    runId: report.runId,
    failures: report.verdict.failures,
  };
}
