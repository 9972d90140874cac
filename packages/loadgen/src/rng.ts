/**
 * Seeded PRNG (sfc32, seeded through splitmix32). Deterministic for a given seed on every platform,
 * fast enough for the hot path (no allocation per draw). Not cryptographic.
 */

/** Returns a float in [0, 1). */
export type Rng = () => number;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A seeded generator of floats in [0, 1). Same seed, same sequence. */
export function createRng(seed: number): Rng {
  const mix = splitmix32(Math.trunc(seed));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent seed for one stream (e.g. worker 3's arrivals) from the run seed, so that
 * streams neither overlap nor depend on the number of draws made by other streams.
 */
export function deriveSeed(seed: number, ...stream: number[]): number {
  let h = fmix32((Math.trunc(seed) + 0x9e3779b9) >>> 0);
  for (const part of stream) h = fmix32((h ^ (part >>> 0)) + 0x9e3779b9);
  return h;
}

/** murmur3's finaliser: a bijective 32-bit mix. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
