import type { Report } from '../record/report.js';

/**
 * The zero of every relative time in a report (tables and charts): the start of the first bucket, else the
 * earliest event, else the run's start.
 */
export function timeOrigin(report: Pick<Report, 'series' | 'events' | 'startedAt'>): number {
  const first = report.series[0];
  if (first) return first.t;
  if (report.events.length > 0) return Math.min(...report.events.map((e) => e.t));
  const started = Date.parse(report.startedAt);
  return Number.isFinite(started) ? started : 0;
}
