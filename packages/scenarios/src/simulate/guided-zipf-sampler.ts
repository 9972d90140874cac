/**
 * The load generator's Zipf key sampler, made fast for big key spaces without changing a single draw. loadgen's
 * ZipfSampler binary-searches its CDF (`zipfCdf`) for the first index whose cdf exceeds u = rng(): over 10M keys
 * that is 24 probes into an 80 MB array, each a cache miss. Here a guide table (Chen and Asau) first narrows the
 * search: guide[j] is the first index with cdf > j / G, so for j = floor(u G) the answer lies in
 * [guide[j], guide[j + 1]] and the binary search over that short range finds the same index. Same rng, same u,
 * same CDF, same predicate: the same key sequence (sim tests compare it with createKeySampler draw by draw).
 *
 * The CDF is built once per (keys, s) and shared by every worker's sampler (loadgen builds one per worker).
 */
import { zipfCdf, type KeySampler, type LoadRng } from '@stampede/loadgen';

interface Guided {
  cdf: Float64Array;
  /** guide[j] = first index with cdf[index] > j / G, for j = 0..G (guide[G] = last index) */
  guide: Int32Array;
}

const shared = new Map<string, Guided>();

/** one guide entry per this many keys (at least 1024 entries) */
const KEYS_PER_GUIDE = 8;

function guided(keys: number, s: number): Guided {
  const id = `${keys}:${s}`;
  let g = shared.get(id);
  if (g === undefined) {
    const cdf = zipfCdf(keys, s);
    const size = Math.max(1024, Math.ceil(keys / KEYS_PER_GUIDE));
    const guide = new Int32Array(size + 1);
    let i = 0;
    for (let j = 0; j <= size; j++) {
      const threshold = j / size;
      while (i < keys - 1 && (cdf[i] as number) <= threshold) i++;
      guide[j] = i;
    }
    g = { cdf, guide };
    // one table per shape is enough; a long-lived process simulating many shapes keeps only the last
    shared.clear();
    shared.set(id, g);
  }
  return g;
}

export class GuidedZipfSampler implements KeySampler {
  readonly #cdf: Float64Array;
  readonly #guide: Int32Array;
  readonly #size: number;
  readonly #rng: LoadRng;

  constructor(keys: number, s: number, rng: LoadRng) {
    const g = guided(keys, s);
    this.#cdf = g.cdf;
    this.#guide = g.guide;
    this.#size = g.guide.length - 1;
    this.#rng = rng;
  }

  next(): number {
    const u = this.#rng();
    const cdf = this.#cdf;
    const j = Math.floor(u * this.#size);
    // first index with cdf[index] > u, known to lie in [guide[j], guide[j + 1]]
    let lo = this.#guide[j] as number;
    let hi = this.#guide[j + 1] as number;
    // j / G and u are floats: where rounding puts u outside [j / G, (j + 1) / G), widen to the whole table
    if (lo > 0 && (cdf[lo - 1] as number) > u) lo = 0;
    if ((cdf[hi] as number) <= u) hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
