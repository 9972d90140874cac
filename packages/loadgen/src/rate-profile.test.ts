import { describe, expect, it } from 'vitest';
import { RateProfile, type RateProfileSpec } from './rate-profile.js';

const constant = (ratePerS: number, durationS: number): RateProfileSpec => ({
  ratePerS,
  durationS,
  stages: [],
  startRatePerS: 0,
});
const ramps = (startRatePerS: number, ...stages: [number, number][]): RateProfileSpec => ({
  ratePerS: 0,
  durationS: 0,
  startRatePerS,
  stages: stages.map(([durationS, targetRatePerS]) => ({ durationS, targetRatePerS })),
});

describe('RateProfile', () => {
  it.each([
    ['constant 10/s for 3 s', constant(10, 3), 3, 30],
    ['ramp 0 -> 10 over 2 s', ramps(0, [2, 10]), 2, 10],
    ['ramp up, hold, down', ramps(0, [1, 100], [2, 100], [1, 0]), 4, 300],
    ['zero-rate segment', ramps(0, [5, 0], [1, 10]), 6, 5],
  ])('%s: duration and total count', (_name, spec, durationS, total) => {
    const p = new RateProfile(spec);
    expect(p.durationS).toBe(durationS);
    expect(p.totalCount).toBeCloseTo(total, 9);
  });

  it.each([
    ['constant', constant(250, 4)],
    ['ramp from 0', ramps(0, [2, 1000])],
    ['ramp down to 0', ramps(1000, [2, 0])],
    ['multi-stage with a pause', ramps(50, [1, 500], [1, 0], [1, 0], [2, 800], [1, 800])],
  ])('%s: timeAtCount inverts countAt', (_name, spec) => {
    const p = new RateProfile(spec);
    for (let c = 0; c < p.totalCount; c += p.totalCount / 97) {
      const t = p.timeAtCount(c);
      expect(p.countAt(t)).toBeCloseTo(c, 6);
    }
  });

  it('is Infinity at and beyond the total count', () => {
    const p = new RateProfile(constant(10, 1));
    expect(p.timeAtCount(9.999)).toBeCloseTo(0.9999, 9);
    expect(p.timeAtCount(10)).toBe(Number.POSITIVE_INFINITY);
    expect(p.timeAtCount(11)).toBe(Number.POSITIVE_INFINITY);
  });

  it('skips zero-rate segments: the next arrival is where the rate resumes', () => {
    const p = new RateProfile(ramps(10, [1, 10], [1, 0], [2, 0], [1, 10]));
    // 10 in the first second, 5 while ramping down, none while paused, then the ramp up from t = 4 s
    expect(p.timeAtCount(15)).toBeCloseTo(4, 9);
    expect(p.rateAt(3)).toBe(0);
    expect(p.rateAt(4.5)).toBeCloseTo(5, 9);
  });

  it('answers out-of-order queries (the cursor resets)', () => {
    const p = new RateProfile(ramps(0, [1, 100], [1, 100]));
    const late = p.timeAtCount(120);
    const early = p.timeAtCount(10);
    expect(late).toBeCloseTo(1.7, 9);
    expect(early).toBeCloseTo(Math.sqrt(10 / 50), 9);
  });
});
