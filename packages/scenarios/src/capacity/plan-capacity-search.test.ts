import { describe, expect, test } from 'vitest';
import { CapacityOptionsError } from './capacity-options-error.js';
import type { CapacitySearchOptions } from './capacity-options.js';
import { planCapacitySearch } from './plan-capacity-search.js';

const rate = (from: number, to: number, extra: Partial<CapacitySearchOptions> = {}): CapacitySearchOptions => ({
  vary: 'rate',
  from,
  to,
  probeSeconds: 30,
  ...extra,
});
const slots = (from: number, to: number, extra: Partial<CapacitySearchOptions> = {}): CapacitySearchOptions => ({
  vary: 'origin.concurrency',
  from,
  to,
  probeSeconds: 30,
  ...extra,
});

describe('planCapacitySearch', () => {
  test.each<[string, CapacitySearchOptions, number]>([
    // 2 ends + ceil(log2(ln(16) / ln(1.05))) = 6 bisections + 2 checks
    ['rate 100..1600 at 5%', rate(100, 1600), 10],
    ['rate, either order', rate(1600, 100), 10],
    ['rate 100..1600 at 1%', rate(100, 1600, { resolution: 0.01 }), 13],
    ['rate 100..105 at 5%: the ends suffice', rate(100, 105), 2],
    ['rate without checks', rate(100, 1600, { verify: false }), 8],
    ['rate, one value', rate(500, 500), 1],
    // 2 ends + gap 63 -> 32 -> 16 -> 8 -> 4 -> 2 -> 1: 6 bisections + 2 checks
    ['concurrency 1..64', slots(1, 64), 10],
    ['concurrency 64..1 (either order)', slots(64, 1), 10],
    ['concurrency 1..64 at 4 slots', slots(1, 64, { resolution: 4 }), 8],
    ['concurrency 10..11', slots(10, 11), 2],
  ])('%s: %i probes', (_, options, probes) => {
    const plan = planCapacitySearch(options);
    expect(plan).toEqual({ maxProbes: probes, neededProbes: probes, capped: false, estimatedSeconds: probes * 30 });
  });

  test('the time estimate counts per-probe overhead', () => {
    expect(planCapacitySearch(rate(100, 1600, { probeSeconds: 20, overheadSeconds: 5 })).estimatedSeconds).toBe(250);
  });

  test('maxProbes caps the budget and says so', () => {
    expect(planCapacitySearch(rate(100, 1600, { maxProbes: 6 }))).toEqual({
      maxProbes: 6,
      neededProbes: 10,
      capped: true,
      estimatedSeconds: 180,
    });
    expect(planCapacitySearch(rate(100, 1600, { maxProbes: 50 })).maxProbes).toBe(10);
  });

  test.each<[CapacitySearchOptions, string[]]>([
    [rate(0, 100), ['from must be a number > 0 (got 0)']],
    [rate(-5, Number.NaN), ['from must be a number > 0 (got -5)', 'to must be a number > 0 (got NaN)']],
    [rate(100, 200, { resolution: 5 }), ['resolution for rate is relative and must be > 0 and < 1, e.g. 0.05 for 5% (got 5)']],
    [slots(1.5, 64), ['from must be a whole number of origin slots (got 1.5)']],
    [slots(1, 64, { resolution: 0.5 }), ['resolution for origin.concurrency must be a whole number of slots >= 1 (got 0.5)']],
    [rate(100, 200, { maxProbes: 0, probeSeconds: 0, overheadSeconds: -1 }), [
      'maxProbes must be a whole number >= 1 (got 0)',
      'probeSeconds must be > 0 (got 0)',
      'overheadSeconds must be >= 0 (got -1)',
    ]],
    [{ vary: 'origin.queue' as 'rate', from: 1, to: 2, probeSeconds: 1 }, ['vary must be one of rate, origin.concurrency (got "origin.queue")']],
  ])('%j is refused, every problem at once', (options, problems) => {
    let error: unknown;
    try {
      planCapacitySearch(options);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CapacityOptionsError);
    expect((error as CapacityOptionsError).code).toBe('STAMPEDE_USAGE');
    expect((error as CapacityOptionsError).problems).toEqual(problems);
  });
});
