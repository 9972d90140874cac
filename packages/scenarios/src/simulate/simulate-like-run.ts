/**
 * A real run simulated as it ran, for validate-model and the drift test alike: the run's scenario spec, its worker
 * count (the arrival streams depend on it) and its warm-up timing, so the simulated requests are the ones it sent.
 *
 * What a run cannot reproduce is which request gets which of the origin's service times once fetches wait for its
 * slots: the draws are one seeded sequence, handed out in the order requests start service, and which waiting
 * fetch starts next depends on completion times that differ from run to run. So one run is simulated `ensemble`
 * times: the first hands the draws out in start order, as the fake backend does; the others let each start take
 * one of the next (1 + waiting) draws (permuted-draws.ts), chosen with load.seed + 1, + 2, ... The model's value
 * for the run is their median, one deterministic simulation being one sample, as one real run is. While no fetch
 * waits nothing varies: the baseline, and the latency limit recovery is judged by, stay the run's own.
 * Nor can a run reproduce to the ms where its client timeouts fire: undici checks them on ticks every 500 ms from
 * the worker's first request (t0), each a few ms early or late (client-model.ts timeoutAt). The k-th simulation
 * puts the ticks k ms after t0; this moves only runs whose clients time out. Where the system clock's whole seconds
 * fell in the run's time (nginx counts expiry in them) a run records since report.load.wallClockOffsetMs; for one
 * that does not, the k-th simulation puts them k / ensemble of a second after t0. The TTL
 * jitter is not varied either: it is drawn per response in an order that repeats between runs (the runs' baseline
 * origin rates agree), and changing it would change the cache the fault meets. Only the first simulation is kept
 * as a report file by validate-model.
 */
import type { Report } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { simulateScenario } from './simulate-scenario.js';
import { warmupTimingOf } from './warmup-timing-of.js';

/** simulations per real run */
export const ENSEMBLE_SIZE = 5;

/** how far apart the simulations of a run put the generator's timer ticks (the ticks' measured spread: +/-3 ms) */
const TIMER_JITTER_MS = 1;

export function simulateLikeRun(real: Report, toolVersion: string, ensemble = ENSEMBLE_SIZE): Report[] {
  const spec = real.scenario.spec as ScenarioSpec;
  const warmupTiming = warmupTimingOf(real);
  return ensembleOf(real, ensemble).map((member) =>
    simulateScenario(spec, { toolVersion, workers: real.load.workers, warmupTiming, ...member }),
  );
}

/** What the k-th simulation of a run varies (see above). */
export interface EnsembleMember {
  drawOrderSeed?: number;
  timerPhaseMs: number;
  wallClockOffsetMs: number;
}

export function ensembleOf(real: Report, ensemble = ENSEMBLE_SIZE): EnsembleMember[] {
  const seed = (real.scenario.spec as ScenarioSpec).load.seed;
  const n = Math.max(1, ensemble);
  const recordedOffset = real.load['wallClockOffsetMs'];
  return Array.from({ length: n }, (_, k) => ({
    ...(k === 0 ? {} : { drawOrderSeed: seed + k }),
    timerPhaseMs: k * TIMER_JITTER_MS,
    // where the system clock's seconds fell: the run's, or (a report from before it was recorded) spread over one
    wallClockOffsetMs: typeof recordedOffset === 'number' ? recordedOffset : (k * 1000) / n,
  }));
}
