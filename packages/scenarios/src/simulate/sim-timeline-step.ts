/**
 * The timeline actions the model can play, in the model's terms: keys are 0-based popularity indices (0 is the
 * hottest, the load generator's key index: its path is /items/k1), times are seconds from t0 as in the scenario.
 * `simTimelineFromSpec` maps a scenario's timeline onto these steps; what the model cannot express it refuses there.
 *
 * What each does to the model (matching what the real action does to the embedded cache / fake origin):
 * - purge-all: every stored object dropped; fetches in flight still store what they bring.
 * - purge-keys: the stored objects of these keys dropped (the scenario's named keys or its top N).
 * - ban: the stored objects whose path (/items/k<index+1>) matches the regular expression dropped.
 * - set-origin-ttl: the origin's max-age (and stale-while-revalidate, jitter) for responses produced from now on.
 * - restart-cache cold: the store emptied and the coalescing state forgotten (requests no longer join fetches in
 *   flight, which still answer their own waiters and store); warm: see `WarmRestart` in cache-model.ts.
 * - reload-cache-config: coalescing, grace, ttlOverrideS (null removes it), maxCount (enforced at once) from when
 *   the mode's reload takes effect (cache-mode.ts reloadDelayMs: Varnish compiles the VCL first).
 * - origin-pause / origin-down / origin-up / origin-slowdown / origin-capacity: as the fake origin (origin-model.ts).
 * - mark: nothing (kept so the step indices of a mapped timeline match the scenario's).
 * - prefetch (no scenario action: the run's warm-up, simulation-spec-from-scenario.ts): the top N keys requested
 *   through the cache at ratePerS, as orchestrator/warm-up.ts sends them; nothing restarts.
 */
import type { ServiceTimeModel } from '@stampede/fake-backend';
import type { GraceSetting } from '../caches/options.js';
import { keyPath } from '../orchestrator/item-paths.js';

export type SimTimelineStep =
  | { at: number; action: 'purge-all' }
  | { at: number; action: 'purge-keys'; keys: readonly number[] }
  | { at: number; action: 'ban'; pattern: string }
  | { at: number; action: 'set-origin-ttl'; ttlS: number; staleWhileRevalidateS?: number; ttlJitterPct?: number }
  | { at: number; action: 'restart-cache'; mode: 'cold' }
  | { at: number; action: 'restart-cache'; mode: 'warm'; topN: number; ratePerS: number }
  | {
      at: number;
      action: 'reload-cache-config';
      coalescing?: boolean;
      grace?: GraceSetting;
      ttlOverrideS?: number | null;
      maxCount?: number;
    }
  | { at: number; action: 'origin-pause'; durationS: number }
  | { at: number; action: 'origin-down' }
  | { at: number; action: 'origin-up' }
  | { at: number; action: 'origin-slowdown'; factor?: number; serviceTime?: ServiceTimeModel; contention?: number; durationS?: number }
  | { at: number; action: 'origin-capacity'; concurrency?: number; queue?: number }
  | { at: number; action: 'mark'; label: string }
  | { at: number; action: 'prefetch'; topN: number; ratePerS: number };

export type SimActionKind = SimTimelineStep['action'];

/** The path the load generator requests for key index `key` (0 = hottest): what a ban pattern is matched against. */
export function simKeyPath(key: number): string {
  return keyPath(key + 1);
}
