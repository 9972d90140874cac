/**
 * Origin arrivals from the bucket the fault fell in to the end of the run: the cost of the incident at the origin,
 * the number a coalescing or grace change moves most. Pure.
 */
import { bucketWidthMs } from '../record/bucket-width.js';
import type { Report } from '../record/report.js';

/** null when the run had no fault to measure from. */
export function originArrivalsAfterFault(report: Pick<Report, 'series' | 'summary'>): number | null {
  const fault = report.summary.windows?.fault ?? null;
  if (fault === null) return null;
  const width = bucketWidthMs(report.series);
  return report.series.filter((p) => p.t + width > fault).reduce((n, p) => n + p.origin.arrivals, 0);
}
