import type { Report } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';

/**
 * report.load: the spec's load as it ran, with the worker threads and connections it really had, and (when given)
 * `wallClockOffsetMs`: the system clock (Date.now) minus the run's clock (loadgen's epochNow, which t0, the series
 * and the events are on). It says where the system clock's whole seconds fell in the run; nginx counts expiry in
 * them, and the simulator uses it to simulate the run as it ran (issue 11).
 */
export function reportLoad(spec: ScenarioSpec, ran: { workers: number; connections: number; wallClockOffsetMs?: number }): Report['load'] {
  return {
    model: spec.load.model,
    rate: spec.load.ratePerS ?? 0,
    workers: ran.workers,
    connections: ran.connections,
    keys: spec.load.keys,
    distribution: spec.load.distribution,
    durationS: spec.load.durationS,
    ...(spec.load.stages ? { stages: spec.load.stages } : {}),
    ...(spec.load.retry ? { retry: spec.load.retry } : {}),
    ...(ran.wallClockOffsetMs === undefined ? {} : { wallClockOffsetMs: ran.wallClockOffsetMs }),
  };
}
