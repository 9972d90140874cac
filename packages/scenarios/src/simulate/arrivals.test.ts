import { describe, expect, it } from 'vitest';
import { createKeySampler, createPacer, createRng, deriveSeed, KEY_STREAM } from '@stampede/loadgen';
import { Arrivals, type ArrivalSpec } from './arrivals.js';

const spec: ArrivalSpec = {
  arrival: 'poisson',
  ratePerS: 500,
  stages: [],
  startRatePerS: 0,
  durationS: 2,
  seed: 7,
  keys: 1000,
  distribution: { kind: 'zipf', s: 1 },
  workers: 3,
};

describe('Arrivals', () => {
  it("is the generator's workers' own (time, key) streams, merged in time order", () => {
    const a = new Arrivals(spec);
    const merged: [number, number][] = [];
    while (a.nextAtMs !== Number.POSITIVE_INFINITY) {
      const t = a.nextAtMs;
      merged.push([t, a.take()]);
    }
    // what loadgen's worker-runner builds for each worker
    const perWorker: [number, number][] = [];
    for (let w = 0; w < 3; w++) {
      const pacer = createPacer(spec, w, 3);
      const keys = createKeySampler(spec.distribution, spec.keys, createRng(deriveSeed(spec.seed, w, KEY_STREAM)));
      for (let t = pacer.next(); t !== Number.POSITIVE_INFINITY; t = pacer.next()) perWorker.push([t, keys.next()]);
    }
    expect(merged).toEqual([...perWorker].sort((x, y) => x[0] - y[0]));
    expect(merged.length).toBeGreaterThan(900);
    expect(merged.length).toBeLessThan(1100);
  });

  it("a warm-up load before: its own seed's requests first, then exactly the measured load's, from startAtMs", () => {
    const drain = (a: Arrivals, shiftMs = 0): [number, number, number][] => {
      const out: [number, number, number][] = [];
      while (a.nextAtMs !== Number.POSITIVE_INFINITY) {
        const t = a.nextAtMs;
        const key = a.take();
        out.push([t + shiftMs, key, a.lastWorker]);
      }
      return out;
    };
    const warm = { atMs: 500, ratePerS: 200, durationS: 1, seed: 8 };
    const both = drain(new Arrivals({ ...spec, startAtMs: 3000, before: [warm] }));
    const warmOnly = drain(new Arrivals({ ...spec, ratePerS: 200, durationS: 1, seed: 8 }), 500);
    const measured = drain(new Arrivals(spec), 3000);
    expect(both).toEqual([...warmOnly, ...measured]);
    expect(warmOnly.length).toBeGreaterThan(150);
    expect(warmOnly.at(-1)?.[0]).toBeLessThan(1500);
    // an earlier load with no request hands over at once
    expect(drain(new Arrivals({ ...spec, startAtMs: 3000, before: [{ ...warm, durationS: 0 }] }))).toEqual(measured);
  });

  it('a constant rate is evenly spaced over all workers', () => {
    const a = new Arrivals({ ...spec, arrival: 'constant', ratePerS: 4, durationS: 1 });
    const times: number[] = [];
    while (a.nextAtMs !== Number.POSITIVE_INFINITY) {
      times.push(a.nextAtMs);
      a.take();
    }
    expect(times).toEqual([0, 250, 500, 750]);
  });
});
