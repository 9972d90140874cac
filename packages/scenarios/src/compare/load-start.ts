import type { Report } from '../record/report.js';
import { timeOrigin } from '../report/time-origin.js';

/**
 * When a run's measured load started (epoch ms): its `load-start` event, else the report's time origin (the first
 * bucket). Two runs are overlaid on time since their load starts, which is also where their timelines count from.
 */
export function loadStart(report: Pick<Report, 'events' | 'series' | 'startedAt'>): number {
  const e = report.events.find((ev) => ev.action === 'load-start' && ev.kind === 'phase');
  return e?.t ?? timeOrigin(report);
}
