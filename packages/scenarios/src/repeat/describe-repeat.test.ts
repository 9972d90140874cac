import { describe, expect, test } from 'vitest';
import { aggregateRepeats } from './aggregate-repeats.js';
import { describeRepeat } from './describe-repeat.js';
import { fixtureRun } from './testing/fixture-run.js';

describe('describeRepeat', () => {
  test('headline medians with their spread, in their units', () => {
    const stats = aggregateRepeats([fixtureRun({ rate503: 0.01, recovery: 4, arrivals: 1000 }), fixtureRun({ rate503: 0.02, recovery: null, arrivals: 1200 }), fixtureRun({ rate503: 0.03, recovery: 6, arrivals: 1100 })].map((r) => r.summary));
    expect(describeRepeat(stats)).toMatch(/^rate503 2% ±1pp, recovery\.seconds 5 s ±1 s \(never in 1\), origin\.arrivals 1,100 ±100, amplification /);
  });
});
