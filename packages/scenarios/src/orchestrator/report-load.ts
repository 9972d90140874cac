import type { Report } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';

/** report.load: the spec's load as it ran, with the worker threads and connections it really had. */
export function reportLoad(spec: ScenarioSpec, ran: { workers: number; connections: number }): Report['load'] {
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
  };
}
