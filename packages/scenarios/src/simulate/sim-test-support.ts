/** Spec builders and stream replays shared by the simulator's tests. */
import { MAX_TIMER_MS, type ServiceTimeModel } from '@stampede/fake-backend';
import { Arrivals, type ArrivalSpec } from './arrivals.js';
import type { SimulationSpec } from './simulate-run.js';

export type Load = SimulationSpec['load'];

export function load(over: Partial<Load>): Load {
  return {
    arrival: 'poisson',
    ratePerS: 1000,
    stages: [],
    startRatePerS: 0,
    durationS: 10,
    seed: 42,
    keys: 1000,
    distribution: { kind: 'uniform' },
    workers: 1,
    intervalMs: 1000,
    ...over,
  };
}

/** An origin with `concurrency` slots behind a cache that stores nothing and never coalesces: every request is a fetch. */
export function originOnly(l: Load, concurrency: number, queue: number, serviceTime: ServiceTimeModel): SimulationSpec {
  return {
    load: l,
    origin: { concurrency, queue, queueTimeoutMs: MAX_TIMER_MS, serviceTime, contention: 0, ttlS: 0, staleWhileRevalidateS: 0, ttlJitterPct: 0 },
    cache: { coalescing: false, grace: false },
    timeline: [],
  };
}

export function cached(l: Load, serviceMs: number, cache: SimulationSpec['cache'], timeline: SimulationSpec['timeline'] = [], ttlS = 3600): SimulationSpec {
  return {
    load: l,
    origin: {
      concurrency: 100_000,
      queue: 0,
      queueTimeoutMs: MAX_TIMER_MS,
      serviceTime: { kind: 'constant', ms: serviceMs },
      contention: 0,
      ttlS,
      staleWhileRevalidateS: 0,
      ttlJitterPct: 0,
    },
    cache,
    timeline,
  };
}

/** The (time, key) requests of a load, drawn from the same streams the simulator uses. */
export function stream(spec: ArrivalSpec): { atMs: number; key: number }[] {
  const a = new Arrivals(spec);
  const out: { atMs: number; key: number }[] = [];
  while (a.nextAtMs !== Number.POSITIVE_INFINITY) {
    const atMs = a.nextAtMs;
    out.push({ atMs, key: a.take() });
  }
  return out;
}

export function distinctKeys(reqs: { atMs: number; key: number }[], fromMs: number, toMs: number): number {
  return new Set(reqs.filter((r) => r.atMs >= fromMs && r.atMs < toMs).map((r) => r.key)).size;
}
