import { describe, expect, it } from 'vitest';
import { nextProbe, searchBounds, searchRate, type ProbeOutcome, type RateSearchOptions } from './rate-search.js';

const options: RateSearchOptions = { startRatePerS: 2000, minRatePerS: 250, maxRatePerS: 100_000, tolerance: 0.05, maxProbes: 14 };
const probes = (...list: [number, boolean][]): ProbeOutcome[] => list.map(([ratePerS, ok]) => ({ ratePerS, ok }));

describe('nextProbe', () => {
  it.each([
    ['starts at the start rate', [], { kind: 'probe', ratePerS: 2000 }],
    ['doubles while sustained', probes([2000, true]), { kind: 'probe', ratePerS: 4000 }],
    ['doubles from the highest sustained', probes([2000, true], [4000, true]), { kind: 'probe', ratePerS: 8000 }],
    ['bisects after the first miss', probes([2000, true], [4000, false]), { kind: 'probe', ratePerS: 3000 }],
    ['bisects between the bounds', probes([2000, true], [4000, false], [3000, true]), { kind: 'probe', ratePerS: 3500 }],
    ['halves when the first probe misses', probes([2000, false]), { kind: 'probe', ratePerS: 1000 }],
    ['halves down to the floor', probes([2000, false], [1000, false], [500, false]), { kind: 'probe', ratePerS: 250 }],
    ['caps doubling at the ceiling', probes([2000, true], [4000, true], [64_000, true]), { kind: 'probe', ratePerS: 100_000 }],
    ['ends at the ceiling', probes([2000, true], [100_000, true]), { kind: 'done', end: 'ceiling', bestRatePerS: 100_000, firstMissRatePerS: null }],
    ['ends when the floor is missed', probes([2000, false], [250, false]), { kind: 'done', end: 'never-sustained', bestRatePerS: null, firstMissRatePerS: 250 }],
    ['ends within the tolerance', probes([2000, true], [2100, false]), { kind: 'done', end: 'converged', bestRatePerS: 2000, firstMissRatePerS: 2100 }],
    ['ends when rounding repeats a rate', probes([2000, true], [2001, false]), { kind: 'done', end: 'converged', bestRatePerS: 2000, firstMissRatePerS: 2001 }],
  ] as const)('%s', (_name, history, expected) => {
    expect(nextProbe(history, options)).toEqual(expected);
  });

  it('clamps the start rate into [min, max]', () => {
    expect(nextProbe([], { ...options, startRatePerS: 10 })).toEqual({ kind: 'probe', ratePerS: 250 });
    expect(nextProbe([], { ...options, startRatePerS: 1e9 })).toEqual({ kind: 'probe', ratePerS: 100_000 });
  });

  it('stops after maxProbes probes, with the bounds it has', () => {
    expect(nextProbe(probes([2000, true], [4000, false]), { ...options, maxProbes: 2 })).toEqual({
      kind: 'done',
      end: 'probe-budget',
      bestRatePerS: 2000,
      firstMissRatePerS: 4000,
    });
  });
});

describe('searchBounds', () => {
  it.each([
    ['none yet', [], { bestRatePerS: null, firstMissRatePerS: null }],
    ['a sustained rate above a miss does not count (noise)', probes([2000, true], [8000, false], [4000, false], [6000, true]), { bestRatePerS: 2000, firstMissRatePerS: 4000 }],
    ['the lowest miss caps the answer', probes([1000, true], [3000, false], [2000, false], [1500, true]), { bestRatePerS: 1500, firstMissRatePerS: 2000 }],
    ['only misses', probes([2000, false], [1000, false]), { bestRatePerS: null, firstMissRatePerS: 1000 }],
  ] as const)('%s', (_name, history, expected) => {
    expect(searchBounds(history)).toEqual(expected);
  });
});

/** A configuration that sustains every rate up to `limit` exactly. */
const upTo = (limit: number) => (ratePerS: number) => Promise.resolve({ ratePerS, ok: ratePerS <= limit });

describe('searchRate', () => {
  it.each([7_000, 2_000, 2_001, 333, 30_000, 99_999])('brackets a limit of %i/s within the tolerance', async (limit) => {
    const r = await searchRate(upTo(limit), { ...options, budgetMs: 60_000 });
    expect(r.end).toBe('converged');
    expect(r.bestRatePerS).toBeLessThanOrEqual(limit);
    expect(r.firstMissRatePerS).toBeGreaterThan(limit);
    expect(((r.firstMissRatePerS as number) - (r.bestRatePerS as number)) / (r.bestRatePerS as number)).toBeLessThanOrEqual(options.tolerance);
    expect(r.probes.length).toBeLessThanOrEqual(options.maxProbes);
  });

  it('says so when even the floor is missed', async () => {
    const r = await searchRate(upTo(100), { ...options, budgetMs: 60_000 });
    expect(r).toMatchObject({ end: 'never-sustained', bestRatePerS: null, firstMissRatePerS: 250 });
    expect(r.probes.map((p) => p.ratePerS)).toEqual([2000, 1000, 500, 250]);
  });

  it('reports the ceiling as a lower bound', async () => {
    const r = await searchRate(upTo(Infinity), { ...options, budgetMs: 60_000 });
    expect(r).toMatchObject({ end: 'ceiling', bestRatePerS: 100_000, firstMissRatePerS: null });
  });

  it('ends on the probe budget', async () => {
    const r = await searchRate(upTo(7_000), { ...options, tolerance: 0, maxProbes: 5, budgetMs: 60_000 });
    expect(r.end).toBe('probe-budget');
    expect(r.probes).toHaveLength(5);
  });

  it('ends on the time budget, checked before each probe (the first always runs)', async () => {
    let clock = 0;
    const probe = (ratePerS: number) => {
      clock += 10_000; // each probe takes 10 s of the injected clock
      return Promise.resolve({ ratePerS, ok: true });
    };
    const r = await searchRate(probe, { ...options, budgetMs: 25_000, now: () => clock });
    expect(r.end).toBe('time-budget');
    expect(r.probes.map((p) => p.ratePerS)).toEqual([2000, 4000, 8000]);
    expect(r.bestRatePerS).toBe(8000);
  });

  it('passes each probe its index and keeps what the probe returned', async () => {
    const r = await searchRate((ratePerS, index) => Promise.resolve({ ratePerS, ok: ratePerS < 3000, index }), { ...options, budgetMs: 60_000 });
    expect(r.probes.map((p) => p.index)).toEqual(r.probes.map((_, i) => i));
  });
});
