/**
 * A small seeded PRNG (mulberry32): 32-bit state, period 2^32, fast and good enough for service times and
 * jitter. Not cryptographic. Same seed and stream -> same sequence, on every platform.
 */

/** Uniform in [0, 1). */
export type Rng = () => number;

/**
 * @param seed any integer (taken modulo 2^32)
 * @param stream selects an independent-looking sequence for the same seed (e.g. service times vs TTL jitter)
 */
export function seededRng(seed: number, stream = 0): Rng {
  // Mix the stream in so seed 1/stream 0 and seed 2/stream 0 do not start one step apart.
  let state = (Math.imul((seed | 0) ^ 0x5bd1e995, 0x2c1b3c6d) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
