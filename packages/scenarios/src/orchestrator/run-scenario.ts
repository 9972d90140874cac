/**
 * One scenario, end to end: fake origin -> cache in front of it -> warm-up -> measured load (baseline, timeline
 * actions, observation until recovered or a time limit) -> analysis -> Report. The engine never prints: progress
 * goes out as events, and the caller writes the report files.
 *
 * Whatever happens (a bad action, a dead cache, an abort signal), everything started here is stopped in `finally`,
 * and what was measured so far becomes the report (marked `interrupted` when the run was cut short).
 */
import type { BackendStats } from '@stampede/fake-backend';
import { epochNow, startLoad, type LoadBucket, type LoadResult, type LoadSpecInput } from '@stampede/loadgen';
import type { Report } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { ActionSchedule } from './action-schedule.js';
import { assembleReport } from './assemble-report.js';
import { assertCacheCan, createCache } from './create-cache.js';
import { defaultRunId } from './default-run-id.js';
import { errorText, faultEvent } from './fault-event.js';
import { Interruption, throwIfAborted } from './interruption.js';
import { loadInput } from './load-input.js';
import { NativeStatsSampler } from './native-stats-sampler.js';
import type { OrchestratorEvent } from './orchestrator-event.js';
import { RunLog } from './run-log.js';
import { runTimeline } from './run-timeline.js';
import { startOrigin } from './start-origin.js';
import { teardown, type Running } from './teardown.js';
import { warmUp } from './warm-up.js';
import { ShardedRun, startShardedLoad } from '../shards/sharded-run.js';
import type { ShardingOptions } from '../shards/sharding-options.js';
import { ITEMS_PATH } from './item-paths.js';
import { stripUndefined } from './strip-undefined.js';

export interface RunScenarioOptions {
  /** aborting it stops the run; the report then holds what was measured and `interrupted` */
  signal?: AbortSignal;
  onEvent?: (event: OrchestratorEvent) => void;
  /** stampede's version, for report.tool */
  toolVersion: string;
  runId?: string;
  /** accept a non-loopback external cache */
  allowRemote?: boolean;
  /** split the load over several generators (shards/); absent: one generator in this process */
  shards?: ShardingOptions;
  /** where the fake origin listens (default 127.0.0.1, any port): a cache elsewhere must reach it */
  originListen?: { host: string; port: number };
}

const DEFAULT_INTERVAL_MS = 1000;

/**
 * Runs `spec` and returns its report. Throws only when nothing could be measured (a bad spec for this cache, a
 * cache that cannot start): those are the caller's exit codes 2 and 3.
 */
export async function runScenario(spec: ScenarioSpec, options: RunScenarioOptions): Promise<Report> {
  const startedAt = new Date();
  const runId = options.runId ?? defaultRunId(spec, startedAt);
  const intervalMs = spec.load.intervalMs ?? DEFAULT_INTERVAL_MS;
  const log = new RunLog(options.onEvent);
  const interruption = new Interruption(log, options.signal);
  const running: Running = { measuring: false };
  const buckets: LoadBucket[] = [];
  let cacheVersion = 'unknown';
  let nativeStats: NativeStatsSampler | undefined;
  let loadResult: LoadResult | undefined;
  let originStats: BackendStats | undefined;

  try {
    log.enter('origin');
    const origin = (running.origin = await startOrigin(spec, intervalMs, options.originListen, options.allowRemote ?? false));
    throwIfAborted(options.signal);

    log.enter('cache', spec.cache.kind);
    const cache = (running.cache = createCache(spec, origin.url, options.allowRemote ?? false));
    assertCacheCan(spec, cache);
    const endpoint = await cache.start();
    cacheVersion = await cache.version().catch(() => 'unknown');
    throwIfAborted(options.signal);

    const input = loadInput(spec, endpoint.url, cache.cacheHeader, intervalMs);
    log.enter('warmup');
    await warmUp(spec, endpoint.url, input, interruption.warmupSignal, log.record);
    throwIfAborted(options.signal);

    // From here the origin's counters count the measured load only, and the cache's own counters are bracketed
    // around it, so the two reconcile (report.cache.stats vs summary.origin.arrivals).
    origin.reset();
    running.measuring = true;
    nativeStats = new NativeStatsSampler(cache, log.record);
    await nativeStats.before();

    log.enter('load');
    const load = (running.load = options.shards ? startShards(input, options.shards, runId, options.allowRemote ?? false) : startLoad(input));
    interruption.stops(load);
    const actions = (running.actions = new ActionSchedule(spec, cache, origin, log.record));
    loadResult = await runTimeline({ spec, intervalMs, load, cache, origin, actions, sampler: nativeStats, log, buckets });
    await nativeStats.after();
  } catch (err) {
    // Interrupted: the report holds what was measured (maybe nothing) and says so. Otherwise, nothing measured
    // yet: the caller maps the error to its exit code. Measured data is never thrown away.
    if (!interruption.interrupted) {
      if (buckets.length === 0) throw err;
      log.record(faultEvent('run', err));
      interruption.failed(errorText(err));
    }
  } finally {
    interruption.dispose();
    originStats = await teardown(running);
  }

  log.enter('analysis');
  return assembleReport({
    spec,
    runId,
    startedAt,
    toolVersion: options.toolVersion,
    intervalMs,
    events: log.events,
    interrupted: interruption.interrupted,
    cacheVersion,
    cache: running.cache,
    buckets,
    loadResult,
    originStats,
    nativeStats,
    ...(running.load instanceof ShardedRun ? { shards: running.load.record } : {}),
    // where the system clock's seconds fall in the run's time (nginx counts expiry in them): simulating it as it ran
    wallClockOffsetMs: Math.round((Date.now() - epochNow()) * 10) / 10,
  });
}

/** The sharded load: the shards reach the cache at `targetUrl` when given (an engine whose shards are elsewhere). */
function startShards(input: LoadSpecInput, o: ShardingOptions, runId: string, allowRemote: boolean): ShardedRun {
  const url = o.targetUrl ? `${o.targetUrl.replace(/\/$/, '')}${ITEMS_PATH}{key}` : input.url;
  return startShardedLoad(
    { ...input, url },
    {
      shards: o.count,
      engine: o.engine,
      runId,
      // a cache the shards reach over the network is a non-loopback target: only with --allow-remote
      allowRemote,
      ...stripUndefined({
        listen: o.listen,
        controllerUrl: o.controllerUrl,
        maxClockOffsetMs: o.maxClockOffsetMs,
        barrierTimeoutMs: o.barrierTimeoutMs,
        onResults: o.onResults,
        log: o.log,
      }),
    },
  );
}
