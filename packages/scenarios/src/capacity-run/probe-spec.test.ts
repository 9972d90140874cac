import { describe, expect, test } from 'vitest';
import { fixtureRun } from '../repeat/testing/fixture-run.js';
import { SpecError } from '../scenario-spec/errors.js';
import type { ScenarioSpec } from '../scenario-spec/types.js';
import { testSpec } from './testing/test-spec.js';
import { probeOutcome } from './probe-outcome.js';
import { probeSpec } from './probe-spec.js';

const spec = testSpec();

describe('probeSpec', () => {
  test('rate: the load rate set, everything else as the scenario', () => {
    const p = probeSpec(spec, 'rate', 812.5);
    expect(p.load.ratePerS).toBe(812.5);
    expect(p.origin).toEqual(spec.origin);
    expect(p.thresholds).toEqual(spec.thresholds);
    expect(p.load.durationS).toBe(spec.load.durationS);
  });

  test('origin.concurrency, shortened to the probe duration', () => {
    const p = probeSpec(spec, 'origin.concurrency', 3, 20);
    expect(p.origin.concurrency).toBe(3);
    expect(p.load.durationS).toBe(20);
    expect(p.load.ratePerS).toBe(spec.load.ratePerS);
  });

  test('staged loads scale to the probed peak, as --rate does', () => {
    const staged = probeSpec({ ...spec, load: { ...spec.load, ratePerS: undefined, stages: [{ durationS: 20, targetRatePerS: 100 }, { durationS: 25, targetRatePerS: 200 }] } } as ScenarioSpec, 'rate', 400);
    expect(staged.load.stages?.map((s) => s.targetRatePerS)).toEqual([200, 400]);
  });

  test('a probe too short for the fault: a spec error naming the probe and the flag', () => {
    let error: unknown;
    try {
      probeSpec(spec, 'rate', 1600, 10);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toMatch(/^invalid probe of scenario "capacity-test" at 1,600 req\/s with --probe-duration 10s: timeline\[0\]\.at \(12s\) is not within the load's 10s/);
  });
});

describe('probeOutcome', () => {
  test("the verdict and the curve's numbers from a probe's report", () => {
    const r = fixtureRun({ rate503: 0.02, recovery: null, pass: false, runId: 'p1' });
    expect(probeOutcome(r)).toEqual({
      pass: false,
      rate503: 0.02,
      recoverySeconds: null,
      recovered: false,
      runId: 'p1',
      failures: [{ metric: 'rate503', op: '<', limit: 0.01, actual: 0.02 }],
    });
  });
});
