import { describe, expect, it } from 'vitest';
import { baselineResponses, carriesTraffic, withoutDrain } from './carries-traffic.js';

const b = (sent: number, responses: number) => ({ sent, responses });

describe('carriesTraffic', () => {
  it.each([
    [b(500, 500), 500, true],
    [b(500, 250), 500, true],
    [b(500, 249), 500, false],
    [b(0, 3), 500, false], // the drain: the generator had stopped
    [b(0, 3), 0, false],
    [b(40, 40), 0, true], // no baseline: only the sending rule
  ])('%j with baseline %d: %s', (p, base, expected) => {
    expect(carriesTraffic(p, base)).toBe(expected);
  });

  it('baselineResponses is the median of the baseline buckets, 0 without any', () => {
    expect(baselineResponses([b(500, 480), b(500, 520), b(500, 500)])).toBe(500);
    expect(baselineResponses([])).toBe(0);
  });
});

describe('withoutDrain', () => {
  it('cuts the drain and a partial last bucket, keeps a thin bucket mid-incident', () => {
    const series = [b(500, 500), b(500, 20), b(500, 500), b(120, 110), b(0, 4)];
    expect(withoutDrain(series, 500)).toEqual(series.slice(0, 3));
  });

  it('keeps a series that ends on real traffic, and one without any real bucket', () => {
    const whole = [b(500, 500), b(500, 500)];
    expect(withoutDrain(whole, 500)).toEqual(whole);
    const thin = [b(10, 10), b(0, 2)];
    expect(withoutDrain(thin, 500)).toEqual(thin);
    expect(withoutDrain([], 500)).toEqual([]);
  });
});
