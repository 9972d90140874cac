import { describe, expect, test } from 'vitest';
import type { CapacitySearchOptions } from './capacity-options.js';
import { describeCapacityResult } from './describe-capacity-result.js';
import { planCapacitySearch } from './plan-capacity-search.js';
import { searchCapacity, type CapacityProbeFn, type CapacityResult, type ProbeContext, type ProbeOutcome } from './search-capacity.js';

/** A deterministic stand-in for a probe run: passes where `passes(value)`, with 503s growing past the limit. */
function fakeProbe(passes: (value: number) => boolean): CapacityProbeFn & { calls: [number, ProbeContext][] } {
  const calls: [number, ProbeContext][] = [];
  const fn = async (value: number, context: ProbeContext): Promise<ProbeOutcome> => {
    calls.push([value, context]);
    const pass = passes(value);
    return { pass, rate503: pass ? 0.001 : 0.05, recoverySeconds: pass ? 8 : null, recovered: pass };
  };
  return Object.assign(fn, { calls });
}

const rate = (from: number, to: number, extra: Partial<CapacitySearchOptions> = {}): CapacitySearchOptions => ({
  vary: 'rate',
  from,
  to,
  probeSeconds: 20,
  ...extra,
});
const slots = (from: number, to: number, extra: Partial<CapacitySearchOptions> = {}): CapacitySearchOptions => ({
  vary: 'origin.concurrency',
  from,
  to,
  probeSeconds: 20,
  ...extra,
});

const values = (r: CapacityResult) => r.probes.map((p) => p.value);
const roles = (r: CapacityResult) => r.probes.map((p) => p.role);

describe('searchCapacity', () => {
  test('rate, monotone threshold: the highest passing rate, within 5% of the first failing one', async () => {
    const r = await searchCapacity(rate(100, 1600), fakeProbe((v) => v <= 612));
    expect(r).toMatchObject({ outcome: 'found', harder: 'higher', bracketed: true, converged: true, monotonicity: 'consistent', contradictions: [] });
    expect(r.boundary).toBeLessThanOrEqual(612);
    expect(r.failedAt).toBeGreaterThan(612);
    expect(r.failedAt! / r.boundary!).toBeLessThanOrEqual(1.05);
    expect(values(r).slice(0, 3)).toEqual([100, 1600, 400]); // easy end, hard end, geometric midpoint
    expect(roles(r)).toEqual(['easy-end', 'hard-end', 'bisect', 'bisect', 'bisect', 'bisect', 'bisect', 'bisect', 'check', 'check']);
    expect(r.probes.length).toBeLessThanOrEqual(r.plan.maxProbes);
    expect(r.probes.map((p) => p.index)).toEqual(r.probes.map((_, i) => i));
    expect(r.probes[0]!.outcome).toEqual({ pass: true, rate503: 0.001, recoverySeconds: 8, recovered: true });
  });

  test('origin.concurrency, monotone threshold: lower is harder; the exact lowest passing whole number', async () => {
    const probe = fakeProbe((v) => v >= 23);
    const r = await searchCapacity(slots(1, 64), probe);
    expect(r).toMatchObject({ outcome: 'found', harder: 'lower', boundary: 23, failedAt: 22, bracketed: true, converged: true });
    expect(values(r).slice(0, 3)).toEqual([64, 1, 32]); // easy end is the most slots
    expect(values(r).every(Number.isInteger)).toBe(true);
    expect(r.monotonicity).toBe('consistent');
    expect(probe.calls.map(([, c]) => c.role)).toEqual(roles(r));
  });

  test('the same search given --from/--to in the other order probes the same values', async () => {
    const a = await searchCapacity(slots(1, 64), fakeProbe((v) => v >= 23));
    const b = await searchCapacity(slots(64, 1), fakeProbe((v) => v >= 23));
    expect(values(b)).toEqual(values(a));
  });

  // Every threshold in range is found within the resolution, within the planned budget (never "budget-exhausted").
  test.each([
    ['rate', [100, 1600], [101, 150, 400, 612, 999.9, 1523]],
    ['rate', [1, 100_000], [1.2, 37, 4_321, 99_000]],
  ] as const)('%s %j: every threshold within the plan', async (_, [from, to], thresholds) => {
    for (const t of thresholds) {
      const r = await searchCapacity(rate(from, to), fakeProbe((v) => v <= t));
      expect(r.outcome, `threshold ${t}`).toBe('found');
      expect(r.boundary! <= t && t < r.failedAt! && r.failedAt! / r.boundary! <= 1.05 + 1e-9, `threshold ${t}`).toBe(true);
      expect(r.probes.length).toBeLessThanOrEqual(planCapacitySearch(rate(from, to)).maxProbes);
    }
  });

  test('origin.concurrency 1..300: every threshold exactly, within the plan', async () => {
    const plan = planCapacitySearch(slots(1, 300));
    for (let t = 2; t <= 300; t++) {
      const r = await searchCapacity(slots(1, 300), fakeProbe((v) => v >= t));
      expect([r.outcome, r.boundary, r.failedAt], `threshold ${t}`).toEqual(['found', t, t - 1]);
      expect(r.probes.length).toBeLessThanOrEqual(plan.maxProbes);
    }
  });

  test.each<[string, CapacitySearchOptions, (v: number) => boolean, Partial<CapacityResult>, number[]]>([
    ['rate, all pass: the limit is above the range', rate(100, 1600), () => true, { outcome: 'all-pass', boundary: 1600, failedAt: null }, [100, 1600]],
    ['rate, all fail: even the lowest rate fails', rate(100, 1600), () => false, { outcome: 'all-fail', boundary: null, failedAt: 100 }, [100]],
    ['concurrency, all pass: even 1 slot survives', slots(1, 64), () => true, { outcome: 'all-pass', boundary: 1, failedAt: null }, [64, 1]],
    ['concurrency, all fail: even 64 slots fail', slots(1, 64), () => false, { outcome: 'all-fail', boundary: null, failedAt: 64 }, [64]],
    ['one value, passing', rate(500, 500), () => true, { outcome: 'all-pass', boundary: 500, failedAt: null }, [500]],
  ])('%s', async (_, options, passes, expected, probed) => {
    const r = await searchCapacity(options, fakeProbe(passes));
    expect(r).toMatchObject({ ...expected, bracketed: false, converged: false, monotonicity: 'unchecked', contradictions: [] });
    expect(values(r)).toEqual(probed);
  });

  test('non-monotonic: a pass beyond the boundary is found by the check probe and reported', async () => {
    // fails above 300, but passes again between 700 and 1000
    const r = await searchCapacity(rate(100, 1600), fakeProbe((v) => v <= 300 || (v >= 700 && v <= 1000)));
    expect(r.outcome).toBe('found');
    expect(r.boundary).toBeLessThanOrEqual(300);
    expect(r.monotonicity).toBe('violated');
    expect(r.contradictions.map((p) => [p.role, Math.round(p.value), p.outcome.pass])).toEqual([['check', 800, true]]);
    expect(describeCapacityResult(r).at(-1)).toMatch(/^Not monotonic: 800 req\/s passed, against the boundary/);
  });

  test('non-monotonic: a failure on the easy side of the boundary is reported', async () => {
    const r = await searchCapacity(rate(100, 1600), fakeProbe((v) => v <= 300 && !(v > 120 && v < 170)));
    expect(r.monotonicity).toBe('violated');
    expect(r.contradictions.map((p) => [p.role, Math.round(p.value), p.outcome.pass])).toEqual([['check', 141, false]]);
  });

  test('verify: false skips the checks and leaves monotonicity unchecked', async () => {
    const r = await searchCapacity(rate(100, 1600, { verify: false }), fakeProbe((v) => v <= 300 || (v >= 700 && v <= 1000)));
    expect(r).toMatchObject({ outcome: 'found', monotonicity: 'unchecked', contradictions: [] });
    expect(roles(r)).not.toContain('check');
  });

  test('budget exhausted mid-bisection: bracketed, not within the resolution', async () => {
    const r = await searchCapacity(rate(100, 1600, { maxProbes: 4 }), fakeProbe((v) => v <= 612));
    expect(r).toMatchObject({ outcome: 'budget-exhausted', bracketed: true, converged: false, monotonicity: 'unchecked' });
    expect(r.plan).toMatchObject({ maxProbes: 4, capped: true });
    expect(values(r)).toHaveLength(4);
    expect(r.boundary! <= 612 && 612 < r.failedAt!).toBe(true);
    expect(describeCapacityResult(r)).toEqual([
      'Probe budget used up after 4 probes: the limit lies between 400 req/s (passes) and 800 req/s (fails).',
      'Not within the resolution (5.0%): raise the probe budget to narrow it.',
    ]);
  });

  test('budget of one probe: the easy end passes, nothing bracketed', async () => {
    const r = await searchCapacity(slots(1, 64, { maxProbes: 1 }), fakeProbe((v) => v >= 23));
    expect(r).toMatchObject({ outcome: 'budget-exhausted', boundary: 64, failedAt: null, bracketed: false });
  });

  test('budget used up by the bisection: the checks are skipped, not the answer', async () => {
    const needed = planCapacitySearch(slots(1, 64)).neededProbes;
    const r = await searchCapacity(slots(1, 64, { maxProbes: needed - 2 }), fakeProbe((v) => v >= 23));
    expect(r).toMatchObject({ outcome: 'found', boundary: 23, failedAt: 22, converged: true, monotonicity: 'unchecked' });
  });

  test('an abort stops before the next probe and returns the curve so far', async () => {
    const controller = new AbortController();
    const r = await searchCapacity(rate(100, 1600), fakeProbe((v) => v <= 612), {
      signal: controller.signal,
      onProbe: (p) => {
        if (p.index === 2) controller.abort();
      },
    });
    expect(r).toMatchObject({ outcome: 'interrupted', bracketed: true, converged: false });
    expect(values(r)).toEqual([100, 1600, 400]);
  });

  test('onProbe sees every probe in order with the plan; the probe gets its context', async () => {
    const seen: number[] = [];
    const probe = fakeProbe((v) => v >= 23);
    const r = await searchCapacity(slots(1, 64), probe, { onProbe: (p, plan) => seen.push(p.index * 100 + plan.maxProbes) });
    expect(seen).toEqual(r.probes.map((p) => p.index * 100 + r.plan.maxProbes));
    expect(probe.calls[0]).toEqual([64, { index: 0, role: 'easy-end', plan: r.plan }]);
  });

  test('a probe error propagates', async () => {
    const failing: CapacityProbeFn = async (v) => {
      if (v === 1) throw Object.assign(new Error('port in use'), { code: 'STAMPEDE_PORT_IN_USE' });
      return { pass: true, rate503: 0, recoverySeconds: 1, recovered: true };
    };
    await expect(searchCapacity(slots(1, 64), failing)).rejects.toMatchObject({ code: 'STAMPEDE_PORT_IN_USE' });
  });

  test('deterministic: the same probe gives the same search', async () => {
    const a = await searchCapacity(rate(100, 1600), fakeProbe((v) => v <= 777));
    const b = await searchCapacity(rate(100, 1600), fakeProbe((v) => v <= 777));
    expect(b).toEqual(a);
  });
});

describe('describeCapacityResult', () => {
  test.each<[string, CapacitySearchOptions, (v: number) => boolean, string]>([
    ['rate found', rate(100, 1600), (v) => v <= 612, 'Highest passing rate: '],
    ['concurrency found', slots(1, 64), (v) => v >= 23, 'Lowest origin concurrency that passes: 23 slots (fails at 22 slots; 10 probes).'],
    ['rate all pass', rate(100, 1600), () => true, 'Passes across the whole range, even at 1,600 req/s: the limit is above it (not bracketed).'],
    ['concurrency all pass', slots(1, 64), () => true, 'Passes across the whole range, even with 1 slot: the limit is below it (not bracketed).'],
    ['rate all fail', rate(100, 1600), () => false, 'Fails even at 100 req/s, the lowest rate tried: the limit is below it, or the scenario fails whatever the load (not bracketed).'],
    ['concurrency all fail', slots(1, 64), () => false, 'Fails even with 64 slots, the most tried: the limit is above it, or the scenario fails whatever the capacity (not bracketed).'],
  ])('%s', async (_, options, passes, first) => {
    const lines = describeCapacityResult(await searchCapacity(options, fakeProbe(passes)));
    expect(lines[0]).toContain(first);
    expect(lines).toHaveLength(1);
  });
});
