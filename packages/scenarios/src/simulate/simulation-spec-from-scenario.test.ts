import { validateLoadSpec } from '@stampede/loadgen';
import { describe, expect, it } from 'vitest';
import { getScenario } from '../catalog/index.js';
import { resolveScenario, SpecError, validateScenario, type ScenarioSpec } from '../scenario-spec/index.js';
import { simulationSpecFromScenario } from './simulation-spec-from-scenario.js';

const globalPurge = (): ScenarioSpec => getScenario('global-purge')!.spec;

/** A small valid scenario with `patch` merged into its sections. */
function scenario(patch: Record<string, Record<string, unknown> | unknown[]> = {}): ScenarioSpec {
  const base: Record<string, Record<string, unknown> | unknown[]> = {
    load: { ratePerS: 200, durationS: '30s', keys: 100, distribution: 'zipf:1', seed: 7 },
    origin: { concurrency: 4, queue: 8 },
    cache: { kind: 'embedded' },
    warmup: { durationS: '0s' },
    timeline: [{ at: '10s', action: 'purge-all' }],
  };
  const input: Record<string, unknown> = { name: 'sim-test' };
  for (const k of new Set([...Object.keys(base), ...Object.keys(patch)])) {
    const b = base[k];
    const p = patch[k];
    input[k] = Array.isArray(p) || Array.isArray(b) ? (p ?? b) : { ...b, ...p };
  }
  return validateScenario(input);
}

describe('simulationSpecFromScenario: the defaults a real run resolves', () => {
  it('global-purge: the rig load, its origin (seeded by load.seed, defaults filled in), coalescing off, the warm-up first', () => {
    const spec = globalPurge();
    const r = simulationSpecFromScenario(spec);
    const resolved = validateLoadSpec({ url: 'http://127.0.0.1:9/items/{key}', ...spec.load, intervalMs: 1000 });
    expect(r.intervalMs).toBe(1000);
    expect(r.load.workers).toBe(resolved.workers);
    expect(r.load.connections).toBe(1024);
    expect(r.sim.load).toMatchObject({ arrival: 'poisson', seed: 1, keys: 1000, workers: resolved.workers, intervalMs: 1000 });
    expect(r.sim.load.distribution).toEqual({ kind: 'zipf', s: 1.1 });
    expect(r.sim.origin).toEqual({
      concurrency: 8,
      queue: 64,
      queueTimeoutMs: 1000,
      serviceTime: { kind: 'lognormal', p50Ms: 40, p99Ms: 120 },
      contention: 0.5,
      ttlS: 300,
      staleWhileRevalidateS: 0,
      ttlJitterPct: 0,
      serveAbandoned: false,
      seed: 1,
    });
    // the generator's client timeout (its default: the scenario leaves it out), no retries
    expect(r.sim.load.timeoutMs).toBe(resolved.timeoutMs);
    expect(r.sim.load.retry).toBeUndefined();
    expect(r.sim.cache).toEqual({ coalescing: false });
    expect(r.sim.cacheMode).toBe('embedded');
    // the prefetch (top 200 at 100/s through the cache: 2 s) at 0, a settling second, 5 s of
    // warm-up load at the load's rate on the streams of seed + 1 (as warm-up.ts), a second for the measured load to
    // start, then the measured 45 s on the load's own streams: t0 is 9 s into the simulation
    expect(r.warmupMs).toBe(9000);
    expect(r.sim.load.before).toEqual([{ atMs: 3000, ratePerS: 500, durationS: 5, seed: 2 }]);
    expect(r.sim.load).toMatchObject({ startAtMs: 9000, stages: [], startRatePerS: 0, ratePerS: 500, durationS: 45, seed: 1 });
    // the purge at 12 s of the measured load is 21 s into the simulation
    expect(r.sim.timeline).toEqual([
      { at: 0, action: 'prefetch', topN: 200, ratePerS: 100 },
      { at: 21, action: 'purge-all' },
    ]);
    expect(r.sim.t0Ms).toBe(-9000);
  });

  it('the worker count can be given (to match a real run recorded elsewhere), and t0 placed on an epoch', () => {
    const r = simulationSpecFromScenario(globalPurge(), { workers: 3, t0Ms: 1_700_000_000_000 });
    expect(r.sim.load.workers).toBe(3);
    expect(r.load.workers).toBe(3);
    expect(r.sim.t0Ms).toBe(1_700_000_000_000 - 9000);
  });

  type Row = [name: string, patch: Parameters<typeof scenario>[0], expected: Record<string, unknown>];
  const rows: Row[] = [
    [
      'no warm-up: the load as it is, timeline unmoved',
      {},
      { warmupMs: 0, stages: [], startRatePerS: 0, ratePerS: 200, durationS: 30, startAtMs: 0, before: [], at: 10 },
    ],
    [
      'a warm-up that ends mid-bucket is padded (idle, first) to whole buckets',
      { warmup: { durationS: '2500ms' } },
      { warmupMs: 4000, before: [{ atMs: 500, ratePerS: 200, durationS: 2.5, seed: 8 }], startAtMs: 4000, stages: [], durationS: 30, at: 14 },
    ],
    [
      'warm-up at its own rate, then a step to the load rate',
      { warmup: { durationS: '4s', ratePerS: 50 } },
      { warmupMs: 5000, before: [{ atMs: 0, ratePerS: 50, durationS: 4, seed: 8 }], startAtMs: 5000, ratePerS: 200, durationS: 30, at: 15 },
    ],
    [
      'a staged load keeps its stages after the warm-up, from its own start rate',
      {
        load: { ratePerS: undefined, startRatePerS: 20, stages: [{ durationS: '10s', targetRatePerS: 100 }, { durationS: '20s', targetRatePerS: 100 }] },
        warmup: { durationS: '2s' },
      },
      {
        // the warm-up at the load's peak rate (loadRatePerS, as warm-up.ts), the measured stages from their start rate
        warmupMs: 3000,
        before: [{ atMs: 0, ratePerS: 100, durationS: 2, seed: 8 }],
        startAtMs: 3000,
        stages: [
          { durationS: 10, targetRatePerS: 100 },
          { durationS: 20, targetRatePerS: 100 },
        ],
        startRatePerS: 20,
        durationS: 30,
        at: 13,
      },
    ],
    [
      'a 500 ms bucket width: warm-up in 500 ms buckets',
      { load: { intervalMs: 500 }, warmup: { durationS: '1200ms' } },
      { warmupMs: 2500, before: [{ atMs: 300, ratePerS: 200, durationS: 1.2, seed: 8 }], startAtMs: 2500, durationS: 30, at: 12.5 },
    ],
  ];
  it.each(rows)('%s', (_name, patch, expected) => {
    const r = simulationSpecFromScenario(scenario(patch));
    const { at, ...load } = expected;
    expect(r.warmupMs).toBe(load['warmupMs']);
    const { warmupMs: _w, ...pacing } = load;
    expect(r.sim.load).toMatchObject(pacing);
    expect(r.sim.timeline[0]?.at).toBe(at);
  });

  it('a prefetch: the top N requested through the cache at its rate, settled a second before the warm-up load', () => {
    const r = simulationSpecFromScenario(scenario({ warmup: { durationS: '5s', prefetchTopN: 50, prefetchRatePerS: 200 } }));
    // 0.25 s of prefetch + 1 s + 5 s + 1 s = 7.25 s, padded to 8 s: the prefetch starts at 0.75 s
    expect(r.warmupMs).toBe(8000);
    expect(r.sim.timeline).toEqual([
      { at: 0.75, action: 'prefetch', topN: 50, ratePerS: 200 },
      { at: 18, action: 'purge-all' },
    ]);
    expect(r.sim.load.before).toEqual([{ atMs: 2000, ratePerS: 200, durationS: 5, seed: 8 }]);
    const capped = simulationSpecFromScenario(scenario({ warmup: { durationS: '0s', prefetchTopN: 100 } }));
    // 100 keys at the spec's default 100/s: 1 s + 1 s, no warm-up load
    expect(capped.warmupMs).toBe(2000);
    expect(capped.sim.timeline[0]).toEqual({ at: 0, action: 'prefetch', topN: 100, ratePerS: 100 });
    expect(capped.sim.load.before).toEqual([]);
    expect(capped.sim.load.startAtMs).toBe(2000);
  });

  it('cache settings: coalescing left out is on (as the adapters), grace / ttlOverrideS / maxCount pass through', () => {
    expect(simulationSpecFromScenario(scenario()).sim.cache).toEqual({ coalescing: true });
    const r = simulationSpecFromScenario(scenario({ cache: { coalescing: false, grace: '30s', ttlOverrideS: 5, maxCount: 50 } }));
    expect(r.sim.cache).toEqual({ coalescing: false, grace: { seconds: 30 }, ttlOverrideS: 5, maxCount: 50 });
  });

  it('retry-storm: its clients\' timeout and retry policy, and an origin that serves abandoned waiters', () => {
    const spec = getScenario('retry-storm')!.spec;
    const r = simulationSpecFromScenario(spec);
    expect(r.sim.load.timeoutMs).toBe(spec.load.timeoutMs);
    expect(r.sim.load.retry).toEqual(spec.load.retry);
    expect(r.sim.origin.serveAbandoned).toBe(spec.origin.serveAbandoned ?? false);
  });

  it.each(['varnish', 'nginx'] as const)('--cache %s: the model plays that cache\'s named mode', async (kind) => {
    const spec = await resolveScenario('global-purge', { cache: kind });
    expect(simulationSpecFromScenario(spec).sim.cacheMode).toBe(kind);
  });

  it('origin fields left out take the fake backend defaults; set ones are kept', () => {
    const o = simulationSpecFromScenario(scenario({ origin: { concurrency: 4, queue: 8, ttlS: 9, staleWhileRevalidateS: 3, ttlJitterPct: 20 } })).sim.origin;
    expect(o).toMatchObject({ concurrency: 4, queue: 8, ttlS: 9, staleWhileRevalidateS: 3, ttlJitterPct: 20, seed: 7 });
    expect(o.queueTimeoutMs).toBeGreaterThan(0);
  });

  type Refusal = [name: string, patch: Parameters<typeof scenario>[0], message: RegExp];
  const refusals: Refusal[] = [
    ['the closed model', { load: { model: 'closed', ratePerS: undefined, connections: 8 } }, /load\.model is closed: the simulator models the open model only/],
    ['eviction by size', { cache: { maxSizeBytes: '1MB' } }, /cache\.maxSizeBytes is set \(1048576\): the simulator evicts by count only; give cache\.maxCount instead/],
  ];
  it.each(refusals)('refuses %s with a SpecError naming the field and what the model does', (_name, patch, message) => {
    const spec = scenario(patch);
    expect(() => simulationSpecFromScenario(spec)).toThrow(SpecError);
    expect(() => simulationSpecFromScenario(spec)).toThrow(message);
  });
});
