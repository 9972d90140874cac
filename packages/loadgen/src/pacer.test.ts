import { describe, expect, it } from 'vitest';
import { createPacer, plannedRequests, type PacerSpec } from './pacer.js';

function spec(over: Partial<PacerSpec>): PacerSpec {
  return { arrival: 'constant', ratePerS: 10, stages: [], startRatePerS: 0, durationS: 1, seed: 1, ...over };
}

/** Every intended offset (ms) of one worker. */
function drain(s: PacerSpec, worker = 0, workers = 1, limit = 1_000_000): number[] {
  const pacer = createPacer(s, worker, workers);
  const out: number[] = [];
  for (let t = pacer.next(); Number.isFinite(t) && out.length < limit; t = pacer.next()) out.push(t);
  return out;
}

const close = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 6));
};

describe('constant pacer', () => {
  it.each([
    ['10/s for 1 s, 1 worker', spec({}), 1, [[0, 100, 200, 300, 400, 500, 600, 700, 800, 900]]],
    [
      '10/s for 1 s, 2 workers: interleaved slots',
      spec({}),
      2,
      [
        [0, 200, 400, 600, 800],
        [100, 300, 500, 700, 900],
      ],
    ],
    [
      '1000/s for 10 ms, 3 workers: every third slot',
      spec({ ratePerS: 1000, durationS: 0.01 }),
      3,
      [
        [0, 3, 6, 9],
        [1, 4, 7],
        [2, 5, 8],
      ],
    ],
    ['3/s for 1 s: the last slot is inside the run', spec({ ratePerS: 3 }), 1, [[0, 1000 / 3, 2000 / 3]]],
  ])('%s', (_name, s, workers, expected) => {
    for (let w = 0; w < workers; w++) close(drain(s, w, workers), expected[w] as number[]);
  });

  it('aggregates to an evenly spaced schedule over any number of workers', () => {
    for (const workers of [1, 2, 3, 7]) {
      const all = Array.from({ length: workers }, (_, w) => drain(spec({ ratePerS: 700, durationS: 2 }), w, workers))
        .flat()
        .sort((a, b) => a - b);
      expect(all).toHaveLength(1400);
      all.forEach((t, i) => expect(t).toBeCloseTo((i * 1000) / 700, 6));
    }
  });
});

describe('ramp pacer (stages)', () => {
  it('ramp 0 -> 10/s over 2 s: N(t) = 2.5 t², so request j is at sqrt(j / 2.5) s', () => {
    const got = drain(spec({ stages: [{ durationS: 2, targetRatePerS: 10 }] }));
    close(
      got,
      Array.from({ length: 10 }, (_, j) => Math.sqrt(j / 2.5) * 1000),
    );
  });

  it('ramp then hold: quadratic, then evenly spaced', () => {
    const got = drain(
      spec({
        stages: [
          { durationS: 1, targetRatePerS: 10 },
          { durationS: 1, targetRatePerS: 10 },
        ],
      }),
    );
    const expected = [
      ...Array.from({ length: 5 }, (_, j) => Math.sqrt(j / 5) * 1000),
      ...Array.from({ length: 10 }, (_, j) => 1000 + j * 100),
    ];
    close(got, expected);
  });

  it('zero-rate segments send nothing; the schedule resumes with the next ramp', () => {
    const got = drain(
      spec({
        startRatePerS: 10,
        stages: [
          { durationS: 1, targetRatePerS: 10 },
          { durationS: 1, targetRatePerS: 0 },
          { durationS: 1, targetRatePerS: 0 },
          { durationS: 1, targetRatePerS: 10 },
        ],
      }),
    );
    const rampDown = (c: number) => ((2 * c) / (10 + Math.sqrt(100 - 20 * c))) * 1000;
    close(got, [
      ...Array.from({ length: 10 }, (_, j) => j * 100),
      ...Array.from({ length: 5 }, (_, c) => 1000 + rampDown(c)),
      ...Array.from({ length: 5 }, (_, c) => 3000 + Math.sqrt(c / 5) * 1000),
    ]);
    expect(got.some((t) => t >= 2000 && t < 3000)).toBe(false);
  });

  it('splits a ramp across workers without losing or duplicating slots', () => {
    const s = spec({ startRatePerS: 100, stages: [{ durationS: 3, targetRatePerS: 900 }] });
    const single = drain(s);
    const merged = [0, 1, 2, 3].flatMap((w) => drain(s, w, 4)).sort((a, b) => a - b);
    close(merged, single);
    expect(single).toHaveLength(plannedRequests(s));
  });
});

describe('poisson pacer', () => {
  it('is deterministic per seed and per worker', () => {
    const s = spec({ arrival: 'poisson', ratePerS: 500, durationS: 2 });
    expect(drain(s, 0, 2)).toEqual(drain(s, 0, 2));
    expect(drain(s, 0, 2)).not.toEqual(drain(s, 1, 2));
    expect(drain({ ...s, seed: 2 }, 0, 2)).not.toEqual(drain(s, 0, 2));
  });

  it('has the target rate overall and exponential gaps (CV ~ 1)', () => {
    const s = spec({ arrival: 'poisson', ratePerS: 2000, durationS: 10 });
    const workers = 4;
    const all = Array.from({ length: workers }, (_, w) => drain(s, w, workers)).flat();
    expect(all.length).toBeGreaterThan(20_000 * 0.97);
    expect(all.length).toBeLessThan(20_000 * 1.03);
    const one = drain(s, 0, workers);
    const gaps = one.slice(1).map((t, i) => t - (one[i] as number));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(2, 0); // 500/s per worker
    expect(sd / mean).toBeGreaterThan(0.9);
    expect(sd / mean).toBeLessThan(1.1);
  });

  it('follows a ramp: arrivals per half match the integral of the rate', () => {
    const s = spec({ arrival: 'poisson', stages: [{ durationS: 10, targetRatePerS: 2000 }] });
    const all = drain(s);
    // N(t) = 100 t²: 2500 in the first 5 s, 7500 in the last 5 s
    const firstHalf = all.filter((t) => t < 5000).length;
    expect(firstHalf).toBeGreaterThan(2500 * 0.9);
    expect(firstHalf).toBeLessThan(2500 * 1.1);
    expect(all.length - firstHalf).toBeGreaterThan(7500 * 0.95);
    expect(all.length - firstHalf).toBeLessThan(7500 * 1.05);
  });
});

describe('plannedRequests', () => {
  it.each([
    [spec({ ratePerS: 10, durationS: 1 }), 10],
    [spec({ ratePerS: 3, durationS: 1 }), 3],
    [spec({ ratePerS: 2.5, durationS: 1 }), 3],
    [spec({ stages: [{ durationS: 2, targetRatePerS: 10 }] }), 10],
  ])('%#: %i', (s, n) => {
    expect(plannedRequests(s)).toBe(n);
    expect(drain(s)).toHaveLength(n);
  });
});
