/**
 * Open-model arrivals for the simulator: the load generator's own seeded streams, not a re-implementation. Worker
 * w of W has the pacer `createPacer(spec, w, W)` and the key sampler seeded with deriveSeed(seed, w, KEY_STREAM),
 * exactly as loadgen's worker-runner builds them, and draws one key per request in its own order; the simulator
 * merges the W schedules by intended time (ties: lower worker first). So the same seed and worker count give the
 * same (time, key) requests as a real run sends. Zipf keys are drawn by GuidedZipfSampler: loadgen's own CDF and rng,
 * the same draws, a faster search.
 *
 * Not modelled: the generator's maxInFlight drops (a dropped request draws no key in the real worker) and the
 * closed model.
 */
import {
  createKeySampler,
  createPacer,
  createRng,
  deriveSeed,
  KEY_STREAM,
  type KeyDistribution,
  type KeySampler,
  type Pacer,
  type PacerSpec,
} from '@stampede/loadgen';
import { GuidedZipfSampler } from './guided-zipf-sampler.js';

export interface ArrivalSpec extends PacerSpec {
  keys: number;
  distribution: KeyDistribution;
  /** worker threads of the real run (loadgen's LoadSpec.workers, resolved): the streams depend on it */
  workers: number;
}

export class Arrivals {
  readonly #pacers: Pacer[] = [];
  readonly #keys: KeySampler[] = [];
  readonly #next: Float64Array;
  /** the worker whose request `take` returned last */
  lastWorker = 0;
  /** the worker whose request is next, and its time: kept current by `take` */
  #w = 0;
  nextAtMs = Number.POSITIVE_INFINITY;

  constructor(spec: ArrivalSpec) {
    const workers = Math.max(1, Math.trunc(spec.workers));
    this.#next = new Float64Array(workers);
    for (let w = 0; w < workers; w++) {
      const pacer = createPacer(spec, w, workers);
      this.#pacers.push(pacer);
      const rng = createRng(deriveSeed(spec.seed, w, KEY_STREAM));
      const d = spec.distribution;
      // the same draws as createKeySampler's, faster over big key spaces (guided-zipf-sampler.ts)
      this.#keys.push(d.kind === 'zipf' && d.s !== 0 && spec.keys > 1 ? new GuidedZipfSampler(spec.keys, d.s, rng) : createKeySampler(d, spec.keys, rng));
      this.#next[w] = pacer.next();
    }
    this.#pick();
  }

  // nextAtMs: intended time (ms from t0) of the next request, Infinity when the schedule is over

  /** Consumes the next request (at `nextAtMs`) and returns its 0-based key index (0 is the hottest). */
  take(): number {
    const w = this.#w;
    this.lastWorker = w;
    const key = (this.#keys[w] as KeySampler).next();
    this.#next[w] = (this.#pacers[w] as Pacer).next();
    this.#pick();
    return key;
  }

  #pick(): void {
    // W is small (a worker per core at most), so a scan beats a heap; ties: the lower worker
    const next = this.#next;
    let best = 0;
    for (let w = 1; w < next.length; w++) if ((next[w] as number) < (next[best] as number)) best = w;
    this.#w = best;
    this.nextAtMs = next[best] as number;
  }
}
