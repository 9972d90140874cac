/**
 * When a real run's warm-up parts began, before its measured load (the WARMUP_PREFETCH / WARMUP_LOAD events
 * warm-up.ts records), for simulating that very run. A part without its event (a run recorded before they existed,
 * or one it did not have) is left to the model's typical timing. Pure.
 */
import { loadStart } from '../compare/load-start.js';
import { WARMUP_LOAD, WARMUP_PREFETCH } from '../orchestrator/warmup-events.js';
import type { Report } from '../record/report.js';
import type { WarmupTiming } from './simulation-spec-from-scenario.js';

export function warmupTimingOf(report: Pick<Report, 'events' | 'series' | 'startedAt'>): WarmupTiming {
  const t0 = loadStart(report);
  const before = (action: string): number | undefined => {
    const e = report.events.find((ev) => ev.action === action && ev.kind === 'phase');
    return e === undefined || e.t > t0 ? undefined : t0 - e.t;
  };
  const prefetchBeforeMs = before(WARMUP_PREFETCH);
  const loadBeforeMs = before(WARMUP_LOAD);
  return {
    ...(prefetchBeforeMs === undefined ? {} : { prefetchBeforeMs }),
    ...(loadBeforeMs === undefined ? {} : { loadBeforeMs }),
  };
}
