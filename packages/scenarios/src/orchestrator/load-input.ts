import type { LoadSpecInput } from '@stampede/loadgen';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { ITEMS_PATH } from './item-paths.js';
import { stripUndefined } from './strip-undefined.js';

/** The spec's load section as the load generator's input, aimed at the items behind `cacheUrl`. */
export function loadInput(spec: ScenarioSpec, cacheUrl: string, cacheHeader: string, intervalMs: number): LoadSpecInput {
  const l = spec.load;
  return {
    url: `${cacheUrl}${ITEMS_PATH}{key}`,
    model: l.model,
    arrival: l.arrival,
    ...stripUndefined({
      ratePerS: l.ratePerS,
      stages: l.stages,
      startRatePerS: l.startRatePerS,
      workers: l.workers,
      connections: l.connections,
      timeoutMs: l.timeoutMs,
    }),
    durationS: l.durationS,
    keys: l.keys,
    distribution: l.distribution,
    seed: l.seed,
    intervalMs,
    cacheHeader,
    ...(l.retry ? { retry: l.retry } : {}),
  };
}
