import { describe, expect, it } from 'vitest';
import { peak503PerSec } from './peak-503-per-sec.js';

describe('peak503PerSec', () => {
  it.each([
    { name: '1 s buckets', counts: [0, 40, 300, 10], intervalMs: 1000, expected: 300 },
    { name: '100 ms buckets', counts: [0, 40, 30, 10], intervalMs: 100, expected: 400 },
    { name: '10 s buckets', counts: [500], intervalMs: 10_000, expected: 50 },
    { name: 'empty series', counts: [], intervalMs: 1000, expected: 0 },
  ])('$name', ({ counts, intervalMs, expected }) => {
    const points = counts.map((n) => ({ status: { '2xx': 0, '503': n, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 } }));
    expect(peak503PerSec(points, intervalMs)).toBe(expected);
  });
});
