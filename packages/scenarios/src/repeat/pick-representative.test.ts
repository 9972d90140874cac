import { describe, expect, test } from 'vitest';
import { aggregateRepeats } from './aggregate-repeats.js';
import { pickRepresentative } from './pick-representative.js';
import { fixtureRun } from './testing/fixture-run.js';

describe('pickRepresentative', () => {
  const stats = (runs: { rate503: number; recovery: number | null; arrivals: number }[]) => aggregateRepeats(runs.map((r) => fixtureRun(r).summary));
  test.each<[string, { rate503: number; recovery: number | null; arrivals: number }[], number]>([
    ['one run', [{ rate503: 0.1, recovery: 5, arrivals: 100 }], 0],
    ['two runs: the later', [{ rate503: 0.1, recovery: 5, arrivals: 100 }, { rate503: 0.2, recovery: 6, arrivals: 200 }], 1],
    ['the middle run on every metric', [
      { rate503: 0.1, recovery: 4, arrivals: 100 },
      { rate503: 0.3, recovery: 8, arrivals: 300 },
      { rate503: 0.2, recovery: 6, arrivals: 200 },
    ], 2],
    ['never recovered ranks worst, so it is not typical', [
      { rate503: 0.2, recovery: null, arrivals: 200 },
      { rate503: 0.1, recovery: 4, arrivals: 100 },
      { rate503: 0.3, recovery: 5, arrivals: 300 },
    ], 0],
    ['identical runs: the last', [
      { rate503: 0.1, recovery: 4, arrivals: 100 },
      { rate503: 0.1, recovery: 4, arrivals: 100 },
      { rate503: 0.1, recovery: 4, arrivals: 100 },
    ], 2],
  ])('%s', (_, runs, expected) => {
    expect(pickRepresentative(stats(runs))).toBe(expected);
  });
});
