import { describe, expect, it } from 'vitest';
import { WARMUP_LOAD, WARMUP_PREFETCH } from '../orchestrator/warmup-events.js';
import type { ReportEvent } from '../record/report.js';
import { simulationSpecFromScenario } from './simulation-spec-from-scenario.js';
import { warmupTimingOf } from './warmup-timing-of.js';
import { validateScenario } from '../scenario-spec/validate.js';

const phase = (t: number, action: string): ReportEvent => ({ t, action, detail: {}, kind: 'phase' });
const report = (events: ReportEvent[]) => ({ events, series: [], startedAt: '2026-12-02T00:00:00.000Z' });

describe('warmupTimingOf', () => {
  it("how long before the measured load's start each warm-up part began", () => {
    const r = report([phase(10_250, WARMUP_PREFETCH), phase(12_000, WARMUP_LOAD), phase(18_000, 'load-start'), { t: 30_000, action: 'purge-all', detail: {}, kind: 'action' }]);
    expect(warmupTimingOf(r)).toEqual({ prefetchBeforeMs: 7750, loadBeforeMs: 6000 });
  });

  it('a run recorded without them (or a part it did not have) leaves the typical timing', () => {
    expect(warmupTimingOf(report([phase(18_000, 'load-start')]))).toEqual({});
    expect(warmupTimingOf(report([phase(12_000, WARMUP_LOAD), phase(18_000, 'load-start')]))).toEqual({ loadBeforeMs: 6000 });
  });
});

describe('simulationSpecFromScenario with a recorded warm-up timing', () => {
  it('places the prefetch and the warm-up load where the run had them, in whole buckets before t0', () => {
    const spec = validateScenario({
      name: 'timed',
      load: { ratePerS: 200, durationS: '30s', keys: 100, seed: 7 },
      warmup: { prefetchTopN: 50, prefetchRatePerS: 200, durationS: '5s' },
      timeline: [{ at: '10s', action: 'purge-all' }],
    });
    const r = simulationSpecFromScenario(spec, { warmupTiming: { prefetchBeforeMs: 7750, loadBeforeMs: 6000 } });
    // 7.75 s padded to 8 s: the prefetch at 0.25 s, the warm-up load at 2 s, t0 at 8 s
    expect(r.warmupMs).toBe(8000);
    expect(r.sim.timeline[0]).toEqual({ at: 0.25, action: 'prefetch', topN: 50, ratePerS: 200 });
    expect(r.sim.load.before).toEqual([{ atMs: 2000, ratePerS: 200, durationS: 5, seed: 8 }]);
    expect(r.sim.timeline[1]).toEqual({ at: 18, action: 'purge-all' });
  });
});
