/**
 * Service-time model (pure): how long a request holds its slot. A base time drawn from the configured
 * distribution, times a load-dependent slowdown evaluated when service starts:
 *   serviceMs = base x (1 + contention x inflight / concurrency)
 * where `inflight` counts the slots busy including the request starting (so a full origin with contention 1 is
 * twice as slow as an idle one).
 */
import type { ServiceTimeModel } from './options.js';
import type { Rng } from './seeded-rng.js';
import { MAX_TIMER_MS } from './options.js';

/** Standard normal quantile at 0.99. */
export const Z99 = 2.3263478740408408;

/** Load seen by a request when its service starts. */
export interface ServiceLoad {
  /** busy slots, including the request starting */
  inflight: number;
  concurrency: number;
  contention: number;
}

/** mu and sigma of the lognormal whose median is `p50Ms` and 99th percentile is `p99Ms`. */
export function lognormalParams(p50Ms: number, p99Ms: number): { mu: number; sigma: number } {
  const mu = Math.log(p50Ms);
  return { mu, sigma: (Math.log(p99Ms) - mu) / Z99 };
}

/** One draw from the model, before slowdown. */
export function baseServiceTimeMs(model: ServiceTimeModel, rng: Rng): number {
  switch (model.kind) {
    case 'constant':
      return model.ms;
    case 'exponential':
      // 1 - u is in (0, 1], so the log is finite.
      return -model.meanMs * Math.log(1 - rng());
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(model.p50Ms, model.p99Ms);
      return Math.exp(mu + sigma * standardNormal(rng));
    }
  }
}

/** 1 + contention x inflight / concurrency. */
export function slowdownFactor(load: ServiceLoad): number {
  return 1 + (load.contention * load.inflight) / load.concurrency;
}

/** Service time in ms for a request starting now: base draw x slowdown, clamped to what setTimeout honours. */
export function serviceTimeMs(model: ServiceTimeModel, load: ServiceLoad, rng: Rng): number {
  const ms = baseServiceTimeMs(model, rng) * slowdownFactor(load);
  return Math.min(Math.max(ms, 0), MAX_TIMER_MS);
}

/** Box-Muller (cosine half): two uniforms -> one standard normal. */
function standardNormal(rng: Rng): number {
  const u1 = 1 - rng();
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
