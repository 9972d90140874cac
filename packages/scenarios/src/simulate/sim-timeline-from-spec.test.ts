import { describe, expect, it } from 'vitest';
import { catalog, getScenario } from '../catalog/index.js';
import { SpecError, type ScenarioSpec } from '../scenario-spec/index.js';
import type { TimelineStep } from '../scenario-spec/types.js';
import { simTimelineFromSpec } from './sim-timeline-from-spec.js';

function withTimeline(timeline: TimelineStep[]): ScenarioSpec {
  return { ...(getScenario('global-purge')?.spec as ScenarioSpec), timeline };
}

describe('simTimelineFromSpec', () => {
  it.each(catalog.map((e) => [e.spec.name, e.spec] as const))('%s: every step of the catalog timeline maps, at its time', (_name, spec) => {
    const steps = simTimelineFromSpec(spec);
    expect(steps.map((s) => s.at)).toEqual(spec.timeline.map((s) => s.at));
    expect(steps.length).toBeGreaterThan(0);
  });

  it('maps the catalog actions with their parameters (warm defaults filled in, ban pattern kept)', () => {
    expect(simTimelineFromSpec(getScenario('retry-storm')?.spec as ScenarioSpec)).toEqual([
      { at: 12, action: 'ban', pattern: '^/items/k[23][0-9][0-9]$' },
      { at: 12, action: 'origin-pause', durationS: 3 },
    ]);
    expect(simTimelineFromSpec(getScenario('warm-restart')?.spec as ScenarioSpec)).toEqual([
      { at: 12, action: 'restart-cache', mode: 'warm', topN: 500, ratePerS: 60 },
    ]);
    expect(simTimelineFromSpec(getScenario('config-change')?.spec as ScenarioSpec)).toEqual([
      { at: 12, action: 'reload-cache-config', ttlOverrideS: 0 },
      { at: 22, action: 'reload-cache-config', ttlOverrideS: null },
    ]);
    expect(
      simTimelineFromSpec(
        withTimeline([
          { at: 1, action: 'restart-cache', mode: 'warm' },
          { at: 2, action: 'origin-slowdown', factor: 3, durationS: 4 },
          { at: 3, action: 'origin-capacity', concurrency: 2 },
        ]),
      ),
    ).toEqual([
      { at: 1, action: 'restart-cache', mode: 'warm', topN: 100, ratePerS: 200 },
      { at: 2, action: 'origin-slowdown', factor: 3, durationS: 4 },
      { at: 3, action: 'origin-capacity', concurrency: 2 },
    ]);
  });

  it('purge: named keys kN become index N-1 (other names are paths the load never requests), { top } is 0..N-1 capped at load.keys', () => {
    const spec = withTimeline([
      { at: 1, action: 'purge', keys: ['k1', 'k5', 'home'] },
      { at: 2, action: 'purge', keys: { top: 3 } },
      { at: 3, action: 'purge', keys: { top: 5000 } },
    ]);
    const steps = simTimelineFromSpec(spec);
    expect(steps[0]).toEqual({ at: 1, action: 'purge-keys', keys: [0, 4] });
    expect(steps[1]).toEqual({ at: 2, action: 'purge-keys', keys: [0, 1, 2] });
    expect(steps[2]?.action === 'purge-keys' && steps[2].keys.length).toBe(spec.load.keys);
  });

  it('refuses what the model cannot play: a STAMPEDE_SPEC error naming each step and listing what it plays', () => {
    const spec = withTimeline([
      { at: 1, action: 'purge-all' },
      { at: 2, action: 'reload-cache-config', maxSizeBytes: 1_000_000 },
      { at: 3, action: 'reload-cache-config', vclFile: '/tmp/x.vcl', coalescing: false },
    ]);
    let err: unknown;
    try {
      simTimelineFromSpec(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    const e = err as SpecError;
    expect(e.code).toBe('STAMPEDE_SPEC');
    expect(e.problems).toHaveLength(2);
    expect(e.problems[0]).toMatch(/^timeline\[1\] \(reload-cache-config at 2s\): .*maxSizeBytes.*plays coalescing, grace, ttlOverrideS, maxCount/);
    expect(e.problems[1]).toMatch(/^timeline\[2\] .*vclFile/);
    expect(e.problems[1]).toContain('purge-all, ban, purge, restart-cache');
  });
});
