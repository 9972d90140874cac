import { describe, expect, test } from 'vitest';
import { counterDelta, nativeStatsSeries, nativeTotals } from './native-stats.js';

describe('cache-native counters', () => {
  test.each([
    [undefined, 5, 5],
    [5, 12, 7],
    [12, 12, 0],
    [1000, 40, 40], // reset (Varnish child restart): the increase since the reset
  ])('counterDelta(%s, %s) = %s', (prev, cur, delta) => {
    expect(counterDelta(prev, cur)).toBe(delta);
  });

  const samples = [
    { t: 0, values: { 'MAIN.backend_req': 100, 'MAIN.n_object': 50 } },
    { t: 1000, values: { 'MAIN.backend_req': 130, 'MAIN.n_object': 60 } },
    { t: 2000, values: { 'MAIN.backend_req': 10, 'MAIN.n_object': 5 } }, // restarted
    { t: 3000, values: { 'MAIN.backend_req': 25, 'MAIN.n_object': 12 } },
  ];

  test('per bucket: counter deltas survive a reset, gauges as sampled', () => {
    const series = nativeStatsSeries(samples);
    expect([...series.keys()]).toEqual([1000, 2000, 3000]);
    expect(series.get(1000)).toEqual({ 'MAIN.backend_req': 30, 'MAIN.n_object': 60 });
    expect(series.get(2000)).toEqual({ 'MAIN.backend_req': 10, 'MAIN.n_object': 5 });
    expect(series.get(3000)).toEqual({ 'MAIN.backend_req': 15, 'MAIN.n_object': 12 });
  });

  test('totals add the increases across a reset instead of going negative', () => {
    expect(nativeTotals(samples)).toEqual({ 'MAIN.backend_req': 55, 'MAIN.n_object': 12 });
  });
});
