/**
 * A real run simulated as it ran, for validate-model and the drift test alike: the run's scenario spec, its worker
 * count (the arrival streams depend on it) and its warm-up timing, so the simulated requests are the ones it sent.
 *
 * What a run cannot reproduce is which request gets which of the origin's draws (service times, TTL jitter): those
 * are seeded, but handed out in the order requests reach the origin, which differs from run to run. So one run is
 * simulated `ensemble` times, the origin seeded with load.seed + 0, 1, ...: the model's value for it is their median,
 * one deterministic simulation being one sample of that draw, as one real run is. Only the first is kept as a
 * report file by validate-model.
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
    simulateScenario(spec, { toolVersion, workers: real.load.workers, warmupTiming, originSeed: spec.load.seed + k }),
  );
}
