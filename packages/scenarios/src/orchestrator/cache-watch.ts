import type { CacheAdapter } from '../caches/adapter.js';
import type { ReportEvent } from '../record/report.js';
import { faultEvent } from './fault-event.js';

/**
 * A cache that runs as processes (varnishd, nginx) and loses them all outside a restart/reload action died: the
 * returned check, called once per interval, records that as a fault once. A cache without processes of its own
 * (embedded, external) is never reported dead.
 */
export function watchCacheProcesses(cache: CacheAdapter, kind: string, record: (event: ReportEvent) => void): (actionsInFlight: number) => void {
  const hadProcesses = cache.pids().length > 0;
  let died = false;
  return (actionsInFlight) => {
    if (hadProcesses && !died && actionsInFlight === 0 && cache.pids().length === 0) {
      died = true;
      record(faultEvent('cache', new Error(`the ${kind} cache's processes are gone: it died mid-run (clients get connection errors from here)`)));
    }
  };
}
