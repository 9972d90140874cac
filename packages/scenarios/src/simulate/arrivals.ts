/**
 * Open-model arrivals for the simulator: the load generator's own seeded streams, not a re-implementation. Worker
 * w of W has the pacer `createPacer(spec, w, W)` and the key sampler seeded with deriveSeed(seed, w, KEY_STREAM),
 * exactly as loadgen's worker-runner builds them, and draws one key per request in its own order; the simulator
 * merges the W schedules by intended time (ties: lower worker first). So the same seed and worker count give the
 * same (time, key) requests as a real run sends. Zipf keys are drawn by GuidedZipfSampler: loadgen's own CDF and rng,
 * the same draws, a faster search.
 *
 * A run sends its warm-up load before the measured one, on streams of its own (seed + 1, orchestrator/warm-up.ts):
 * `before` plays such loads first, each from its `atMs`, and the measured load starts at `startAtMs`, so the measured
 * requests are the very ones a real run with the same seed sends, bucket by bucket.
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

/** A constant-rate load on seeded streams of its own, sent before the measured one (a run's warm-up load). */
export interface EarlierLoad {
  /** ms from t0 at which its schedule starts; it must end by the next load's start */
  atMs: number;
  ratePerS: number;
  durationS: number;
  seed: number;
}

export interface ArrivalSpec extends PacerSpec {
  keys: number;
  distribution: KeyDistribution;
  /** worker threads of the real run (loadgen's LoadSpec.workers, resolved): the streams depend on it */
  workers: number;
  /** ms from t0 at which this load's schedule starts (default 0) */
  startAtMs?: number;
  /** loads sent before this one, in order, each on its own streams */
  before?: readonly EarlierLoad[];
}

/** One load's W worker streams: pacers and key samplers, times from t0. */
class Segment {
  readonly pacers: Pacer[] = [];
  readonly keys: KeySampler[] = [];

  constructor(
    spec: PacerSpec & Pick<ArrivalSpec, 'keys' | 'distribution'>,
    workers: number,
    readonly atMs: number,
  ) {
    for (let w = 0; w < workers; w++) {
      this.pacers.push(createPacer(spec, w, workers));
      const rng = createRng(deriveSeed(spec.seed, w, KEY_STREAM));
      const d = spec.distribution;
      // the same draws as createKeySampler's, faster over big key spaces (guided-zipf-sampler.ts)
      this.keys.push(d.kind === 'zipf' && d.s !== 0 && spec.keys > 1 ? new GuidedZipfSampler(spec.keys, d.s, rng) : createKeySampler(d, spec.keys, rng));
    }
  }

  nextAt(w: number): number {
    return this.atMs + (this.pacers[w] as Pacer).next();
  }
}

export class Arrivals {
  readonly #segments: Segment[];
  #segment = 0;
  readonly #next: Float64Array;
  /** the worker whose request `take` returned last */
  lastWorker = 0;
  /** the worker whose request is next, and its time: kept current by `take` */
  #w = 0;
  nextAtMs = Number.POSITIVE_INFINITY;

  constructor(spec: ArrivalSpec) {
    const workers = Math.max(1, Math.trunc(spec.workers));
    const earlier = (spec.before ?? []).map(
      (b) => new Segment({ ...spec, ratePerS: b.ratePerS, stages: [], startRatePerS: 0, durationS: b.durationS, seed: b.seed }, workers, b.atMs),
    );
    this.#segments = [...earlier, new Segment(spec, workers, spec.startAtMs ?? 0)];
    this.#next = new Float64Array(workers);
    this.#start();
  }

  // nextAtMs: intended time (ms from t0) of the next request, Infinity when the schedule is over

  /** Consumes the next request (at `nextAtMs`) and returns its 0-based key index (0 is the hottest). */
  take(): number {
    const w = this.#w;
    this.lastWorker = w;
    const segment = this.#segments[this.#segment] as Segment;
    const key = (segment.keys[w] as KeySampler).next();
    this.#next[w] = segment.nextAt(w);
    this.#pick();
    if (this.nextAtMs === Number.POSITIVE_INFINITY && this.#segment < this.#segments.length - 1) {
      this.#segment++;
      this.#start();
    }
    return key;
  }

  /** The current segment's first requests; a segment with none hands over to the next at once. */
  #start(): void {
    for (;;) {
      const segment = this.#segments[this.#segment] as Segment;
      for (let w = 0; w < this.#next.length; w++) this.#next[w] = segment.nextAt(w);
      this.#pick();
      if (this.nextAtMs !== Number.POSITIVE_INFINITY || this.#segment === this.#segments.length - 1) return;
      this.#segment++;
    }
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
