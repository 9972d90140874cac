import { describe, expect, it } from 'vitest';
import { alignedStart, bucketStart, epochNow } from './clock.js';

describe('bucketStart', () => {
  it.each([
    [1_700_000_000_123, 1000, 1_700_000_000_000],
    [1_700_000_000_999.9, 1000, 1_700_000_000_000],
    [1_700_000_001_000, 1000, 1_700_000_001_000],
    [1_700_000_000_250, 100, 1_700_000_000_200],
    [1_700_000_004_999, 2500, 1_700_000_002_500],
  ])('bucketStart(%d, %d) = %d', (time, interval, expected) => {
    expect(bucketStart(time, interval)).toBe(expected);
  });
});

describe('alignedStart', () => {
  it.each([
    [1000.0, 1000, 2000],
    [1949.9, 1000, 2000],
    [1950.1, 1000, 3000],
    [1234, 100, 1300],
    [1260, 100, 1400],
  ])('alignedStart(%d, %d) = %d: the first boundary at least 50 ms ahead', (now, interval, expected) => {
    expect(alignedStart(now, interval)).toBe(expected);
  });
});

it('epochNow is epoch milliseconds', () => {
  expect(Math.abs(epochNow() - Date.now())).toBeLessThan(1000);
});
