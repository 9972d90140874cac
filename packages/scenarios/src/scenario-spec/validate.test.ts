import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOVERY_TOLERANCES } from '../analysis/recovery.js';
import { SpecError } from './errors.js';
import type { ScenarioInput } from './schema.js';
import { validateScenario } from './validate.js';

const minimal: ScenarioInput = {
  name: 'minimal',
  load: { ratePerS: 100, durationS: '30s' },
  timeline: [{ at: '15s', action: 'purge-all' }],
};

describe('validateScenario', () => {
  it('fills every default', () => {
    const spec = validateScenario(minimal);
    expect(spec).toEqual({
      name: 'minimal',
      title: 'minimal',
      incident: '',
      description: '',
      load: {
        model: 'open',
        arrival: 'poisson',
        ratePerS: 100,
        durationS: 30,
        keys: 1000,
        distribution: { kind: 'zipf', s: 1.1 },
        seed: 1,
      },
      origin: {},
      cache: { kind: 'embedded' },
      warmup: { durationS: 5 },
      baselineS: 10,
      timeline: [{ at: 15, action: 'purge-all' }],
      observe: { maxS: 30, stopWhenRecovered: true, extraS: 5 },
      recovery: { ...DEFAULT_RECOVERY_TOLERANCES },
      expect: { recovers: true },
      thresholds: [],
    });
  });

  it('is idempotent: a validated spec is valid input and validates to itself', () => {
    const once = validateScenario({
      ...minimal,
      load: { stages: [{ durationS: '10s', targetRatePerS: 50 }, { durationS: 20, targetRatePerS: 200 }], startRatePerS: 10 },
      cache: { kind: 'embedded', grace: '30s', maxSizeBytes: '64m', coalescing: false },
      warmup: { prefetchTopN: 10 },
      timeline: [
        { at: '20s', action: 'reload-cache-config', ttlOverrideS: null },
        { at: '15s', action: 'restart-cache', mode: 'warm' },
      ],
      thresholds: ['summary.rate503 <= 0.05'],
    });
    expect(validateScenario(structuredClone(once))).toEqual(once);
  });

  it('deep-freezes the result', () => {
    const spec = validateScenario(minimal);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.load.distribution)).toBe(true);
    expect(Object.isFrozen(spec.timeline[0])).toBe(true);
    expect(() => {
      (spec.load as { ratePerS?: number }).ratePerS = 1;
    }).toThrow(TypeError);
  });

  it('does not touch its input', () => {
    const input = structuredClone(minimal);
    validateScenario(input);
    expect(input).toEqual(minimal);
  });

  it.each([
    ['zipf:1.3', { kind: 'zipf', s: 1.3 }],
    ['zipf', { kind: 'zipf', s: 1.1 }],
    ['uniform', { kind: 'uniform' }],
    ['hotset:0.1:0.9', { kind: 'hotset', hotFraction: 0.1, hotTrafficFraction: 0.9 }],
    [{ kind: 'uniform' }, { kind: 'uniform' }],
  ])('reads distribution %j', (distribution, expected) => {
    expect(validateScenario({ ...minimal, load: { ...minimal.load, distribution } }).load.distribution).toEqual(expected);
  });

  it('converts durations and sizes to seconds and bytes', () => {
    const spec = validateScenario({
      ...minimal,
      load: { ratePerS: 100, durationS: '2m' },
      origin: { ttlS: '1h', staleWhileRevalidateS: 30 },
      cache: { grace: 30, ttlOverrideS: '5m', maxSizeBytes: '1g' },
      baselineS: '15s',
      timeline: [{ at: '1m', action: 'origin-pause', durationS: '1500ms' }],
      observe: { maxS: '1m', extraS: 0 },
      warmup: false,
    });
    expect(spec.load.durationS).toBe(120);
    expect(spec.origin).toEqual({ ttlS: 3600, staleWhileRevalidateS: 30 });
    expect(spec.cache).toEqual({ kind: 'embedded', grace: { seconds: 30 }, ttlOverrideS: 300, maxSizeBytes: 1024 ** 3 });
    expect(spec.baselineS).toBe(15);
    expect(spec.timeline).toEqual([{ at: 60, action: 'origin-pause', durationS: 1.5 }]);
    expect(spec.observe).toEqual({ maxS: 60, stopWhenRecovered: true, extraS: 0 });
    expect(spec.warmup).toEqual({ durationS: 0 });
  });

  it('derives a staged load duration from its stages', () => {
    const spec = validateScenario({
      ...minimal,
      load: { stages: [{ durationS: '20s', targetRatePerS: 100 }, { durationS: '20s', targetRatePerS: 300 }] },
    });
    expect(spec.load.durationS).toBe(40);
    expect(spec.load.ratePerS).toBeUndefined();
    expect(spec.load.stages).toHaveLength(2);
  });

  it('sorts the timeline by time, keeping the file order for equal times', () => {
    const spec = validateScenario({
      ...minimal,
      timeline: [
        { at: 20, action: 'origin-up' },
        { at: 15, action: 'origin-down' },
        { at: 20, action: 'mark', label: 'after up' },
      ],
    });
    expect(spec.timeline.map((s) => s.action)).toEqual(['origin-down', 'origin-up', 'mark']);
  });

  it('fills the warm restart plan and the prefetch rate', () => {
    const spec = validateScenario({
      ...minimal,
      warmup: { prefetchTopN: 50 },
      timeline: [{ at: 15, action: 'restart-cache', mode: 'warm' }],
    });
    expect(spec.timeline[0]).toEqual({ at: 15, action: 'restart-cache', mode: 'warm', warm: { topN: 100, ratePerS: 100 } });
    expect(spec.warmup).toEqual({ durationS: 0, prefetchTopN: 50, prefetchRatePerS: 100 });
  });

  it('accepts every action kind with its parameters', () => {
    const spec = validateScenario({
      ...minimal,
      load: { ratePerS: 100, durationS: '60s' },
      cache: { kind: 'varnish' },
      timeline: [
        { at: 10, action: 'purge-all' },
        { at: 11, action: 'ban', pattern: '^/items/k1[0-9]$' },
        { at: 12, action: 'purge', keys: ['k1', 2] },
        { at: 13, action: 'purge', keys: { top: 10 } },
        { at: 14, action: 'restart-cache', mode: 'cold' },
        { at: 15, action: 'set-origin-ttl', ttlS: 1, staleWhileRevalidateS: 5, ttlJitterPct: 10 },
        { at: 16, action: 'origin-slowdown', factor: 3, durationS: '5s' },
        { at: 17, action: 'origin-slowdown', serviceTime: { kind: 'constant', ms: 50 }, contention: 1 },
        { at: 18, action: 'origin-capacity', concurrency: 2 },
        { at: 19, action: 'origin-pause', durationS: 2 },
        { at: 20, action: 'reload-cache-config', coalescing: false, grace: false },
        { at: 21, action: 'origin-down' },
        { at: 22, action: 'origin-up' },
        { at: 23, action: 'mark', label: 'done' },
      ],
    });
    expect(spec.timeline).toHaveLength(14);
    expect(spec.timeline[2]).toEqual({ at: 12, action: 'purge', keys: ['k1', '2'] });
  });

  it('lets a fault land exactly at the end of the baseline window', () => {
    expect(() => validateScenario({ ...minimal, timeline: [{ at: '10s', action: 'purge-all' }] })).not.toThrow();
    expect(() => validateScenario({ ...minimal, baselineS: 5, timeline: [{ at: 5, action: 'purge-all' }] })).not.toThrow();
  });

  it('names the scenario in the message', () => {
    expect(() => validateScenario({ ...minimal, load: { ratePerS: 0, durationS: 30 } })).toThrow(
      /^invalid scenario "minimal": load\.ratePerS must be a number > 0/,
    );
    expect(() => validateScenario({ load: {} }, { subject: 'my.yaml' })).toThrow(/^invalid my\.yaml \(\d+ problems\)/);
  });

  it('throws SpecError with the stable code', () => {
    const err = (() => {
      try {
        validateScenario(null);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(SpecError);
    expect(err).toMatchObject({ code: 'STAMPEDE_SPEC', problems: [expect.stringContaining('(got null)')] });
  });
});
