/**
 * Open-model schedules (pure). A pacer yields one worker's intended send times, as milliseconds from
 * t0, in increasing order, and Infinity when the schedule is over.
 *
 * All schedules are placements on the rate profile's cumulative count (see RateProfile):
 * - constant: the aggregate is evenly spaced; worker w of W takes slots j = i·W + w, so its i-th
 *   request is intended at timeAtCount(i·W + w) — for a constant rate, (i·W + w) / rate.
 * - poisson: each worker is an independent Poisson process of rate rate(t)/W (its own seeded stream);
 *   in count space the gaps are W·Exp(1), mapped through timeAtCount (exact for ramps as well).
 */
import { RateProfile } from './rate-profile.js';
import { createRng, deriveSeed, type Rng } from './rng.js';
import type { LoadSpec } from './spec.js';

export interface Pacer {
  /** next intended send time in ms from t0; Infinity when there are no more */
  next(): number;
}

export type PacerSpec = Pick<LoadSpec, 'arrival' | 'ratePerS' | 'stages' | 'startRatePerS' | 'durationS' | 'seed'>;

/** Stream id of the arrival process in deriveSeed(seed, worker, stream). */
export const ARRIVAL_STREAM = 1;

export function createPacer(spec: PacerSpec, worker: number, workers: number, rng?: Rng): Pacer {
  const profile = new RateProfile(spec);
  if (spec.arrival === 'poisson') {
    return new PoissonPacer(profile, workers, rng ?? createRng(deriveSeed(spec.seed, worker, ARRIVAL_STREAM)));
  }
  return new ConstantPacer(profile, worker, workers);
}

class ConstantPacer implements Pacer {
  #slot: number;
  constructor(
    private readonly profile: RateProfile,
    worker: number,
    private readonly workers: number,
  ) {
    this.#slot = worker;
  }

  next(): number {
    const tS = this.profile.timeAtCount(this.#slot);
    this.#slot += this.workers;
    return tS < this.profile.durationS ? tS * 1000 : Number.POSITIVE_INFINITY;
  }
}

class PoissonPacer implements Pacer {
  #position = 0;
  constructor(
    private readonly profile: RateProfile,
    private readonly workers: number,
    private readonly rng: Rng,
  ) {}

  next(): number {
    // 1 - u is in (0, 1], so the log is finite
    this.#position += -Math.log(1 - this.rng()) * this.workers;
    const tS = this.profile.timeAtCount(this.#position);
    return tS < this.profile.durationS ? tS * 1000 : Number.POSITIVE_INFINITY;
  }
}

/** Number of requests a constant-arrival schedule intends over the whole run (all workers). */
export function plannedRequests(spec: Pick<LoadSpec, 'ratePerS' | 'stages' | 'startRatePerS' | 'durationS'>): number {
  const total = new RateProfile(spec).totalCount;
  return Math.ceil(total - 1e-9);
}
