import { epochNow } from '@stampede/loadgen';
import type { ReportEvent } from '../record/report.js';

/** A fault of the run itself (an action that threw, a dead cache, a load worker error), as a report event. */
export function faultEvent(source: string, err: unknown): ReportEvent {
  return { t: epochNow(), action: 'fault', detail: { source, error: errorText(err) }, kind: 'fault' };
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
