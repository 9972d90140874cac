import { describe, expect, test } from 'vitest';
import type { ServiceTimeModel } from './options.js';
import { seededRng } from './seeded-rng.js';
import { baseServiceTimeMs, lognormalParams, serviceTimeMs, slowdownFactor, Z99, type ServiceLoad } from './service-time.js';

const idle: ServiceLoad = { inflight: 1, concurrency: 1, contention: 0 };

function samples(model: ServiceTimeModel, n: number, seed = 12345): number[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => baseServiceTimeMs(model, rng)).sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('lognormalParams', () => {
  test.each([
    [20, 80],
    [1, 1],
    [5, 500],
  ])('p50 %d, p99 %d: median exp(mu) and p99 exp(mu + z99 sigma) come back', (p50, p99) => {
    const { mu, sigma } = lognormalParams(p50, p99);
    expect(Math.exp(mu)).toBeCloseTo(p50, 9);
    expect(Math.exp(mu + Z99 * sigma)).toBeCloseTo(p99, 9);
    expect(sigma).toBeCloseTo((Math.log(p99) - Math.log(p50)) / 2.3263, 3);
  });
});

describe('baseServiceTimeMs (seeded, 50 000 draws)', () => {
  const n = 50_000;

  test('constant is exact and draws nothing', () => {
    const rng = seededRng(1);
    const ref = seededRng(1);
    expect(baseServiceTimeMs({ kind: 'constant', ms: 17.5 }, rng)).toBe(17.5);
    expect(rng()).toBe(ref());
  });

  test.each([10, 200])('exponential mean %d ms: mean, median ln2 x mean, all >= 0', (meanMs) => {
    const xs = samples({ kind: 'exponential', meanMs }, n);
    expect(xs[0]!).toBeGreaterThanOrEqual(0);
    expect(mean(xs) / meanMs).toBeGreaterThan(0.98);
    expect(mean(xs) / meanMs).toBeLessThan(1.02);
    expect(quantile(xs, 0.5) / (Math.LN2 * meanMs)).toBeGreaterThan(0.97);
    expect(quantile(xs, 0.5) / (Math.LN2 * meanMs)).toBeLessThan(1.03);
    // p99 of an exponential is mean x ln(100)
    expect(quantile(xs, 0.99) / (Math.log(100) * meanMs)).toBeGreaterThan(0.93);
    expect(quantile(xs, 0.99) / (Math.log(100) * meanMs)).toBeLessThan(1.07);
  });

  test.each([
    [20, 80],
    [5, 200],
  ])('lognormal p50 %d p99 %d: sample median and p99 match', (p50Ms, p99Ms) => {
    const xs = samples({ kind: 'lognormal', p50Ms, p99Ms }, n);
    expect(xs[0]!).toBeGreaterThan(0);
    expect(quantile(xs, 0.5) / p50Ms).toBeGreaterThan(0.97);
    expect(quantile(xs, 0.5) / p50Ms).toBeLessThan(1.03);
    expect(quantile(xs, 0.99) / p99Ms).toBeGreaterThan(0.93);
    expect(quantile(xs, 0.99) / p99Ms).toBeLessThan(1.07);
  });

  test('lognormal with p99 = p50 is a constant', () => {
    const xs = samples({ kind: 'lognormal', p50Ms: 30, p99Ms: 30 }, 100);
    for (const x of xs) expect(x).toBeCloseTo(30, 9);
  });

  test('same seed, same draws', () => {
    const model: ServiceTimeModel = { kind: 'lognormal', p50Ms: 20, p99Ms: 80 };
    expect(samples(model, 100, 9)).toEqual(samples(model, 100, 9));
    expect(samples(model, 100, 9)).not.toEqual(samples(model, 100, 10));
  });
});

describe('slowdown', () => {
  test.each<[ServiceLoad, number]>([
    [{ inflight: 1, concurrency: 10, contention: 0 }, 1],
    [{ inflight: 10, concurrency: 10, contention: 0 }, 1],
    [{ inflight: 10, concurrency: 10, contention: 1 }, 2],
    [{ inflight: 5, concurrency: 10, contention: 1 }, 1.5],
    [{ inflight: 1, concurrency: 4, contention: 2 }, 1.5],
    [{ inflight: 8, concurrency: 4, contention: 0.5 }, 2], // concurrency lowered below inflight
  ])('%o -> x%d', (load, factor) => {
    expect(slowdownFactor(load)).toBeCloseTo(factor, 12);
    expect(serviceTimeMs({ kind: 'constant', ms: 10 }, load, seededRng(1))).toBeCloseTo(10 * factor, 9);
  });

  test('slowdown scales a random draw, not the draw sequence', () => {
    const model: ServiceTimeModel = { kind: 'exponential', meanMs: 20 };
    const plain = serviceTimeMs(model, idle, seededRng(3));
    const loaded = serviceTimeMs(model, { inflight: 4, concurrency: 4, contention: 3 }, seededRng(3));
    expect(loaded).toBeCloseTo(plain * 4, 9);
  });

  test('never above what setTimeout honours', () => {
    const ms = serviceTimeMs({ kind: 'constant', ms: 3_600_000 }, { inflight: 1000, concurrency: 1, contention: 1000 }, seededRng(1));
    expect(ms).toBe(2_147_483_647);
  });
});
