import { describe, expect, test } from 'vitest';
import { testSpec } from './testing/test-spec.js';
import { UsageError } from '../usage/usage-error.js';
import { capacityOptions, overheadSeconds, type CapacityFlags } from './capacity-flags.js';

const spec = testSpec();

describe('capacityOptions', () => {
  test.each<[string, CapacityFlags, Record<string, unknown>, number | undefined]>([
    ['rate with defaults: probes as long as the scenario', { vary: 'rate', from: 100, to: 1600 }, { vary: 'rate', from: 100, to: 1600, probeSeconds: spec.load.durationS }, undefined],
    ['a percentage resolution', { vary: 'rate', from: 100, to: 1600, resolution: '10%' }, { resolution: 0.1 }, undefined],
    ['a fractional resolution', { vary: 'rate', from: 100, to: 1600, resolution: '0.02' }, { resolution: 0.02 }, undefined],
    ['slots, a probe duration and a budget', { vary: 'origin.concurrency', from: 64, to: 2, resolution: '2', maxProbes: 4, probeDuration: '30s' }, {
      vary: 'origin.concurrency', from: 64, to: 2, resolution: 2, maxProbes: 4, probeSeconds: 30,
    }, 30],
  ])('%s', (_, flags, search, probeDurationS) => {
    const o = capacityOptions(flags, spec);
    expect(o.search).toMatchObject({ ...search, overheadSeconds: overheadSeconds(spec) });
    expect(o.probeDurationS).toBe(probeDurationS);
  });

  test.each<[CapacityFlags, string[]]>([
    [{ vary: 'rate', from: 0, to: Number.NaN }, ['--from must be a number > 0 (got 0)', '--to must be a number > 0 (got NaN)']],
    [{ vary: 'rate', from: 100, to: 200, resolution: 'fine' }, ['--resolution must be a number: a percentage such as 5% (or 0.05) for rate, whole slots for origin.concurrency (got "fine")']],
    [{ vary: 'rate', from: 100, to: 200, resolution: '5' }, ['--resolution for rate is relative and must be > 0 and < 1, e.g. 0.05 for 5% (got 5)']],
    [{ vary: 'origin.concurrency', from: 1.5, to: 8, resolution: '0.5' }, [
      '--from must be a whole number of origin slots (got 1.5)',
      '--resolution for origin.concurrency must be a whole number of slots >= 1 (got 0.5)',
    ]],
    [{ vary: 'rate', from: 100, to: 200, maxProbes: 0, probeDuration: 'soon' }, [
      '--probe-duration must be a duration > 0 such as 30s or 2m (got "soon")',
      '--max-probes must be a whole number >= 1 (got 0)',
    ]],
    [{ vary: 'rate', from: 100, to: 200, probeDuration: '0s' }, ['--probe-duration must be a duration > 0 such as 30s or 2m (got "0s")']],
  ])('%j: every problem at once, each naming its flag', (flags, problems) => {
    let error: unknown;
    try {
      capacityOptions(flags, spec);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('STAMPEDE_USAGE');
    expect((error as UsageError).problems).toEqual(problems);
  });
});

describe('overheadSeconds', () => {
  test('set-up, prefetch at its rate, then the warm-up load', () => {
    // the rig: 200 keys prefetched at 100/s (2 s) + 5 s of warm-up load + 3 s of set-up
    expect(overheadSeconds(spec)).toBe(10);
  });
});
