import { describe, expect, it } from 'vitest';
import { hitRatio } from './hit-ratio.js';

describe('hitRatio', () => {
  it.each([
    { name: 'hits over known outcomes', c: { hit: 95, miss: 5, stale: 0, pass: 0 }, expected: 0.95 },
    { name: 'stale counts as a hit', c: { hit: 50, miss: 25, stale: 25, pass: 0 }, expected: 0.75 },
    { name: 'pass counts against', c: { hit: 50, miss: 0, stale: 0, pass: 50 }, expected: 0.5 },
    { name: 'unknown outcomes are ignored', c: { hit: 9, miss: 1, stale: 0, pass: 0, unknown: 90 }, expected: 0.9 },
    { name: 'nothing known: null', c: { hit: 0, miss: 0, stale: 0, pass: 0, unknown: 3 }, expected: null },
  ])('$name', ({ c, expected }) => {
    expect(hitRatio(c)).toBe(expected);
  });
});
