/**
 * A scenario as the model's input: the same defaults a real run resolves (the load through loadgen's own
 * validateLoadSpec, so workers and connections are what the generator would take for that rate on this machine;
 * the origin through fake-backend's validateBackendOptions from the options the orchestrator starts it with), the
 * timeline through `simTimelineFromSpec`, and the warm-up played before t0.
 *
 * Warm-up: the real run prefetches the top N keys, then sends `warmup.durationS` of load before it measures. The model
 * plays both first, at a recorded run's times (`warmupTiming`) or these: the prefetch (requests through the cache at
 * the prefetch rate, a `prefetch` step), a settling second, the warm-up load at `warmup.ratePerS` or the load's rate on
 * the streams of seed + 1 (as warm-up.ts sends it), a second for the measured load to start, then the measured load on
 * its own seed's streams from t0; the whole is padded to whole buckets (idle, at the start), the timeline moves by as
 * much and the caller drops the warm-up buckets. So the measured requests are the very (time, key) requests a real run
 * with the same seed and worker count sends, and the real and simulated series differ by what the system does with
 * them, not by which were drawn.
 *
 * What the model cannot express is refused with a SpecError (exit 2) naming the field and what the model supports.
 */
import { validateBackendOptions, type BackendOptions } from '@stampede/fake-backend';
import { loadRatePerS, validateLoadSpec, type LoadSpec } from '@stampede/loadgen';
import { loadInput } from '../orchestrator/load-input.js';
import { originOptions } from '../orchestrator/start-origin.js';
import { DEFAULTS, SpecError, type ScenarioSpec } from '../scenario-spec/index.js';
import type { CacheMode } from './cache-mode.js';
import type { SimulationSpec } from './simulate-run.js';
import type { SimTimelineStep } from './sim-timeline-step.js';
import { simTimelineFromSpec } from './sim-timeline-from-spec.js';

/** The bucket width of a run whose spec leaves load.intervalMs out (orchestrator/run-scenario.ts). */
export const DEFAULT_INTERVAL_MS = 1000;

/**
 * Between the last prefetch request and the warm-up load: the last fetches finish, and a real run starts the load's
 * worker threads (about a second here). The warm-up's TTL clock starts at the prefetch, as in a run.
 */
const PREFETCH_SETTLE_S = 1;
/**
 * Between the warm-up load and the measured one: the warm-up drains and the measured load's threads start. With the
 * settling second this is the ~2 s a run on this machine spends outside the prefetch and the warm-up load
 * (report.startedAt to load-start, less both), which sets when objects prefetched together expire (ttl-collapse).
 * A real run records when its warm-up parts began (warm-up.ts); a simulation of that run takes those instead
 * (`warmupTiming`), since both loads start on the next whole bucket and the wait varies by up to a bucket.
 */
const LOAD_START_GAP_S = 1;

/** Any loopback URL: the load spec is resolved, never sent. */
const NOWHERE = 'http://127.0.0.1:9';

export interface SimulationFromScenarioOptions {
  /** the worker count to simulate (the arrival streams depend on it); default: what loadgen resolves here */
  workers?: number;
  /** epoch ms of t0 (the start of the measured load); default 0 */
  t0Ms?: number;
  /** when a real run's warm-up parts began (warmupTimingOf its report); default this machine's typical timing */
  warmupTiming?: WarmupTiming;
  /** varies which of the fetches waiting for a slot gets which service-time draw (simulate-run's `drawOrderSeed`) */
  drawOrderSeed?: number;
  /** where the generator's timer ticks fall, ms after t0 (simulate-run's `load.timerPhaseMs`); default 0 */
  timerPhaseMs?: number;
  /** the system clock minus the run's clock, ms (simulate-run's `wallClockOffsetMs`); default 0 */
  wallClockOffsetMs?: number;
}

/** How long before the measured load's t0 each part of the warm-up began, ms (a real run's, or typical ones). */
export interface WarmupTiming {
  prefetchBeforeMs?: number;
  loadBeforeMs?: number;
}

export interface ScenarioSimulation {
  /** what simulateRun runs: warm-up first, t0 at `warmupMs` into it */
  sim: SimulationSpec;
  /** virtual ms of warm-up before t0 (a whole number of buckets); its buckets are not part of the report */
  warmupMs: number;
  intervalMs: number;
  /** the measured load as the generator would run it (workers, connections resolved) */
  load: LoadSpec;
  /** the origin as the fake backend would run it (every default filled in) */
  origin: BackendOptions;
}

export function simulationSpecFromScenario(spec: ScenarioSpec, options: SimulationFromScenarioOptions = {}): ScenarioSimulation {
  const problems = unsupported(spec);
  if (problems.length > 0) throw new SpecError(problems, `scenario "${spec.name}" for the simulator`);
  const intervalMs = spec.load.intervalMs ?? DEFAULT_INTERVAL_MS;
  const resolved = validateLoadSpec(loadInput(spec, NOWHERE, 'x-cache', intervalMs));
  const load: LoadSpec = options.workers === undefined ? resolved : { ...resolved, workers: options.workers };
  const origin = validateBackendOptions(originOptions(spec, intervalMs));

  const w = spec.warmup;
  const topN = Math.min(w.prefetchTopN ?? 0, load.keys);
  const prefetchRatePerS = w.prefetchRatePerS ?? DEFAULTS.prefetchRatePerS;
  const beforeLoadS = topN > 0 ? topN / prefetchRatePerS + PREFETCH_SETTLE_S : 0;
  const gapS = w.durationS > 0 ? LOAD_START_GAP_S : 0;
  const timing = options.warmupTiming ?? {};
  const loadBeforeMs = w.durationS > 0 ? (timing.loadBeforeMs ?? Math.round((w.durationS + gapS) * 1000)) : 0;
  const prefetchBeforeMs = topN > 0 ? (timing.prefetchBeforeMs ?? Math.round((beforeLoadS + w.durationS + gapS) * 1000)) : 0;
  // whole buckets, idle first
  const warmupMs = Math.max(0, Math.ceil(Math.max(loadBeforeMs, prefetchBeforeMs) / intervalMs - 1e-9)) * intervalMs;
  const prefetch: SimTimelineStep[] =
    topN > 0 ? [{ at: (warmupMs - prefetchBeforeMs) / 1000, action: 'prefetch', topN, ratePerS: prefetchRatePerS }] : [];
  const timeline = [...prefetch, ...simTimelineFromSpec(spec).map((step) => ({ ...step, at: step.at + warmupMs / 1000 }))];
  // the warm-up load as orchestrator/warm-up.ts sends it: constant rate, the streams of seed + 1
  const warmLoad = w.durationS > 0 ? [{ atMs: warmupMs - loadBeforeMs, ratePerS: w.ratePerS ?? loadRatePerS(spec.load), durationS: w.durationS, seed: load.seed + 1 }] : [];
  const t0Ms = options.t0Ms ?? 0;

  return {
    sim: {
      load: {
        arrival: load.arrival,
        ratePerS: load.ratePerS,
        stages: load.stages,
        startRatePerS: load.startRatePerS,
        durationS: load.durationS,
        seed: load.seed,
        startAtMs: warmupMs,
        before: warmLoad,
        keys: load.keys,
        distribution: load.distribution,
        workers: load.workers,
        intervalMs,
        // the generator always has a client timeout (its default when the scenario leaves it out)
        timeoutMs: load.timeoutMs,
        // the generator's timer ticks start with its first request, at t0 (the warm-up load has workers of its own)
        timerPhaseMs: warmupMs + (options.timerPhaseMs ?? 0),
        ...(load.retry ? { retry: load.retry } : {}),
      },
      origin: {
        concurrency: origin.concurrency,
        queue: origin.queue,
        queueTimeoutMs: origin.queueTimeoutMs,
        serviceTime: origin.serviceTime,
        contention: origin.contention,
        ttlS: origin.ttlS,
        staleWhileRevalidateS: origin.staleWhileRevalidateS,
        ttlJitterPct: origin.ttlJitterPct,
        serveAbandoned: origin.serveAbandoned,
        seed: origin.seed,
        ...(options.drawOrderSeed === undefined ? {} : { drawOrderSeed: options.drawOrderSeed }),
      },
      cache: {
        coalescing: spec.cache.coalescing ?? true,
        ...(spec.cache.grace !== undefined ? { grace: spec.cache.grace } : {}),
        ...(spec.cache.ttlOverrideS !== undefined ? { ttlOverrideS: spec.cache.ttlOverrideS } : {}),
        ...(spec.cache.maxCount !== undefined ? { maxCount: spec.cache.maxCount } : {}),
      },
      // external is refused above: the kinds left are the model's named modes
      cacheMode: spec.cache.kind as CacheMode,
      timeline,
      t0Ms: t0Ms - warmupMs,
      ...(options.wallClockOffsetMs === undefined ? {} : { wallClockOffsetMs: options.wallClockOffsetMs }),
    },
    warmupMs,
    intervalMs,
    load,
    origin,
  };
}

/** What the model does not express outside the timeline (simTimelineFromSpec refuses timeline steps itself). */
function unsupported(spec: ScenarioSpec): string[] {
  const problems: string[] = [];
  const c = spec.cache;
  if (spec.load.model !== 'open') {
    problems.push(`load.model is ${spec.load.model}: the simulator models the open model only (an arrival rate); use load.model: open`);
  }
  if (c.kind === 'external') {
    problems.push('cache.kind is external: the simulator models the caches stampede starts (embedded, varnish, nginx), not one it does not run');
  }
  if (c.vclFile !== undefined) {
    problems.push(`cache.vclFile is set (${c.vclFile}): the simulator cannot read a VCL; it models the cache's settings (coalescing, grace, ttlOverrideS, maxCount)`);
  }
  if (c.nginxConfFile !== undefined) {
    problems.push(`cache.nginxConfFile is set (${c.nginxConfFile}): the simulator cannot read an nginx config; it models the cache's settings (coalescing, grace, ttlOverrideS, maxCount)`);
  }
  if (c.maxSizeBytes !== undefined) {
    problems.push(`cache.maxSizeBytes is set (${c.maxSizeBytes}): the simulator evicts by count only; give cache.maxCount instead`);
  }
  return problems;
}
