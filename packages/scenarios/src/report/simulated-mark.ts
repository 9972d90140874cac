/**
 * The mark every view of a simulated report carries at its top (report.md, report.html, the CLI summary), so a
 * model's numbers are never read as a measurement. Pure: Report -> text, null for a measured run.
 */
import type { Report } from '../record/report.js';
import { formatInt } from './format.js';

export interface SimulatedMark {
  /** `SIMULATED (model sim-1) — not a measurement` */
  mark: string;
  /** one sentence: where the numbers come from and how to check them */
  detail: string;
}

export function simulatedMark(report: Pick<Report, 'simulated'>): SimulatedMark | null {
  const sim = report.simulated;
  if (!sim) return null;
  return {
    mark: `SIMULATED (model ${sim.modelVersion}) — not a measurement`,
    detail:
      `Every number here comes from stampede's virtual-time model of this scenario (${formatInt(sim.events)} events in ` +
      `${formatInt(sim.wallMs)} ms of wall time), not from traffic through a real cache and origin; ` +
      'stampede validate-model checks the model against real runs.',
  };
}
