/**
 * A real run simulated as it ran, for validate-model and the drift test alike: the run's scenario spec, its worker
 * count (the arrival streams depend on it) and its warm-up timing, so the simulated requests are the ones it sent.
 *
 * What a run cannot reproduce is which request gets which of the origin's service times: they are seeded, but
 * handed out in the order requests start service, and once the origin is saturated that order differs from run to
 * run. So one run is simulated `ensemble` times, the service times seeded with load.seed + 0, 1, ...: the model's
 * value for it is their median, one deterministic simulation being one sample of that draw, as one real run is.
 * The TTL jitter stays on the run's own seed: it is drawn per response in an order that repeats between runs (the
 * runs' baseline origin rates agree), and changing it would change the cache the fault meets. Only the first
 * simulation is kept as a report file by validate-model.
 */
import type { Report } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { simulateScenario } from './simulate-scenario.js';
import { warmupTimingOf } from './warmup-timing-of.js';

/** simulations per real run */
export const ENSEMBLE_SIZE = 5;

export function simulateLikeRun(real: Report, toolVersion: string, ensemble = ENSEMBLE_SIZE): Report[] {
  const spec = real.scenario.spec as ScenarioSpec;
  const warmupTiming = warmupTimingOf(real);
  return Array.from({ length: Math.max(1, ensemble) }, (_, k) =>
    simulateScenario(spec, { toolVersion, workers: real.load.workers, warmupTiming, serviceTimeSeed: spec.load.seed + k }),
  );
}
