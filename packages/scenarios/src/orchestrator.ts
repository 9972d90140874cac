/**
 * One scenario, end to end: fake origin -> cache in front of it -> warm-up -> measured load (baseline, timeline
 * actions, observation until recovered or a time limit) -> analysis -> Report. The engine never prints: progress
 * goes out as events, and the caller writes the report files.
 *
 * Whatever happens (a bad action, a dead cache, an abort signal), everything started here is stopped in `finally`,
 * and what was measured so far becomes the report (marked `interrupted` when the run was cut short).
 */
import { startBackend, type Backend, type BackendOptionsInput } from '@stampede/fake-backend';
import { startLoad, type LoadBucket, type LoadResult, type LoadRun, type LoadSpecInput } from '@stampede/loadgen';
import { runAction, type ActionContext } from './actions/index.js';
import { analyze } from './analysis/analyze.js';
import { loadgenHistogramOps } from './analysis/histograms.js';
import { mergeSeries } from './analysis/merge-series.js';
import { INTERRUPTION_MARKER } from './analysis/verdict.js';
import type { CacheAdapter } from './caches/adapter.js';
import { missingCapabilities } from './caches/capabilities.js';
import { createCacheAdapter } from './caches/registry.js';
import { warmPaths } from './caches/warm.js';
import { nativeStatsSeries, nativeTotals, type StatsSample } from './native-stats.js';
import { REPORT_SCHEMA, type Report, type ReportEvent, type SeriesPoint } from './report/model.js';
import { SpecError, requiredCapabilities, type ScenarioSpec, type TimelineStep } from './spec/index.js';
import { evaluateThresholds } from './thresholds/index.js';

export type RunPhase = 'origin' | 'cache' | 'warmup' | 'load' | 'analysis';
/** where a run was when it was interrupted: the engine's phases, and 'report' (the caller writing the files) */
export type InterruptPhase = RunPhase | 'report';

export type OrchestratorEvent =
  | { type: 'phase'; phase: RunPhase; detail?: string }
  /** one merged interval of the measured load; `elapsedS` from the load's t0 */
  | { type: 'bucket'; bucket: LoadBucket; elapsedS: number; origin: { inflight: number; queue: number } }
  | { type: 'event'; event: ReportEvent };

export interface RunScenarioOptions {
  /** aborting it stops the run; the report then holds what was measured and `interrupted` */
  signal?: AbortSignal;
  onEvent?: (event: OrchestratorEvent) => void;
  /** stampede's version, for report.tool */
  toolVersion: string;
  runId?: string;
  /** accept a non-loopback external cache */
  allowRemote?: boolean;
}

const ITEMS_PATH = '/items/';
const DEFAULT_INTERVAL_MS = 1000;

export function defaultRunId(spec: ScenarioSpec, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${spec.name}-${spec.cache.kind}`;
}

/**
 * Runs `spec` and returns its report. Throws only when nothing could be measured (a bad spec for this cache, a
 * cache that cannot start): those are the caller's exit codes 2 and 3.
 */
export async function runScenario(spec: ScenarioSpec, options: RunScenarioOptions): Promise<Report> {
  const emitEvent = options.onEvent ?? (() => {});
  let phase: RunPhase = 'origin';
  const emit = (event: OrchestratorEvent): void => {
    if (event.type === 'phase') phase = event.phase;
    emitEvent(event);
  };
  const startedAt = new Date();
  const events: ReportEvent[] = [];
  const record = (event: ReportEvent): void => {
    events.push(event);
    emit({ type: 'event', event });
  };
  const intervalMs = spec.load.intervalMs ?? DEFAULT_INTERVAL_MS;
  const timers = new Set<NodeJS.Timeout>();
  let origin: Backend | undefined;
  let cache: CacheAdapter | undefined;
  let load: LoadRun | undefined;
  let loadResult: LoadResult | undefined;
  let interrupted: Report['interrupted'];
  let cacheVersion = 'unknown';
  let originStats: ReturnType<Backend['stats']> | undefined;
  const buckets: LoadBucket[] = [];
  const statsSamples: StatsSample[] = [];
  let statsBefore: Record<string, number> | undefined;
  let statsAfter: Record<string, number> | undefined;

  // true from the moment the origin's counters are reset for the measured load: before that (warm-up) they
  // count traffic that is not part of the report
  let measuring = false;
  const warmup = new AbortController();
  const interrupt = (reason: string): void => {
    if (interrupted) return;
    interrupted = { reason, at: Date.now(), phase };
    // an interruption is not a fault of the system under test: a phase event, so analysis does not measure from it
    record({ t: interrupted.at, action: 'interrupted', detail: { reason, phase }, kind: 'phase' });
    load?.stop();
    warmup.abort(new Error(reason));
  };
  const onAbort = (): void => interrupt(abortReason(options.signal));
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    emit({ type: 'phase', phase: 'origin' });
    origin = await startBackend(originOptions(spec, intervalMs));
    throwIfAborted(options.signal);

    emit({ type: 'phase', phase: 'cache', detail: spec.cache.kind });
    cache = createCacheAdapter(spec.cache.kind, {
      originUrl: origin.url,
      allowRemote: options.allowRemote ?? false,
      ...cacheOptions(spec),
    });
    const missing = missingCapabilities(cache, requiredCapabilities(spec));
    if (missing.length > 0) {
      throw new SpecError([
        `scenario ${spec.name} needs ${missing.join(', ')}, which the ${spec.cache.kind} cache cannot do: pick a cache that can (stampede list shows which) or drop those timeline actions`,
      ]);
    }
    const endpoint = await cache.start();
    cacheVersion = await cache.version().catch(() => 'unknown');
    throwIfAborted(options.signal);

    const keyPath = (rank: number): string => `${ITEMS_PATH}k${rank}`;
    const loadInput = loadSpec(spec, `${endpoint.url}${ITEMS_PATH}{key}`, cache.cacheHeader, intervalMs);

    emit({ type: 'phase', phase: 'warmup' });
    await warmUp(spec, endpoint.url, keyPath, loadInput, warmup.signal);
    throwIfAborted(options.signal);
    origin.reset();
    measuring = true;
    // Bracket the measured run with samples of the cache's own counters, so their totals cover exactly what the
    // origin counted (report.cache.stats vs summary.origin.arrivals reconcile).
    const nativeStats = cache.capabilities.nativeStats;
    if (nativeStats) statsBefore = await cache.stats().catch(() => undefined);

    emit({ type: 'phase', phase: 'load' });
    const run = startLoad(loadInput);
    load = run;
    if (interrupted) run.stop();
    const ctx: ActionContext = {
      cache,
      origin,
      spec,
      keyPath,
      pathOf: (key) => `${ITEMS_PATH}${encodeURIComponent(key)}`,
      later: (ms, label, fn) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          record({ t: Date.now(), action: label, detail: {}, kind: 'action' });
          Promise.resolve()
            .then(fn)
            .catch((err: unknown) => record(faultEvent(label, err)));
        }, ms);
        timers.add(timer);
      },
    };

    const lastAtS = spec.timeline.reduce((m, s) => Math.max(m, s.at), 0);
    let actionsDone = spec.timeline.length === 0;
    let t0 = 0;
    let pending = spec.timeline.length;
    let actionsInFlight = 0;
    run.once('started', ({ t0: start }) => {
      t0 = start;
      record({ t: start, action: 'load-start', detail: { ratePerS: spec.load.ratePerS ?? null }, kind: 'phase' });
      for (const step of spec.timeline) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          actionsInFlight += 1;
          void fire(step, ctx, record).finally(() => {
            actionsInFlight -= 1;
            pending -= 1;
            if (pending === 0) actionsDone = true;
          });
        }, Math.max(0, start + step.at * 1000 - Date.now()));
        timers.add(timer);
      }
    });

    let sampling = false;
    // A cache that runs as processes (varnishd, nginx) and loses them all outside a restart/reload action died.
    const hadProcesses = cache.pids().length > 0;
    let cacheDied = false;
    run.on('bucket', (bucket) => {
      buckets.push(bucket);
      if (hadProcesses && !cacheDied && actionsInFlight === 0 && cache!.pids().length === 0) {
        cacheDied = true;
        record(faultEvent('cache', new Error(`the ${spec.cache.kind} cache's processes are gone: it died mid-run (clients get connection errors from here)`)));
      }
      const stats = origin!.stats();
      emit({
        type: 'bucket',
        bucket,
        elapsedS: (bucket.t + intervalMs - t0) / 1000,
        origin: { inflight: stats.inflight, queue: stats.queue },
      });
      if (cache!.capabilities.nativeStats && !sampling) {
        sampling = true;
        const t = bucket.t;
        cache!
          .stats()
          .then((values) => statsSamples.push({ t, values }))
          .catch((err: unknown) => record(faultEvent('cache-stats', err)))
          .finally(() => (sampling = false));
      }
      if (actionsDone && shouldStop(spec, buckets, events, origin!, t0, lastAtS, intervalMs)) run.stop();
    });
    run.on('error', (err) => record(faultEvent('load-worker', err)));

    loadResult = await run.done;
    if (nativeStats) statsAfter = await cache.stats().catch(() => undefined);
  } catch (err) {
    // Interrupted: the report holds what was measured (maybe nothing) and says so. Otherwise, nothing measured
    // yet: the caller maps the error to its exit code. Measured data is never thrown away.
    if (!interrupted) {
      if (buckets.length === 0) throw err;
      record(faultEvent('run', err));
      interrupted = { reason: errorText(err), at: Date.now(), phase };
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    for (const timer of timers) clearTimeout(timer);
    await load?.close().catch(() => {});
    if (measuring) originStats = origin?.stats();
    await cache?.stop().catch(() => {});
    await origin?.close().catch(() => {});
  }

  emit({ type: 'phase', phase: 'analysis' });
  const series = withNativeStats(
    mergeSeries(loadResult?.series ?? buckets, originStats?.series ?? [], { intervalMs }),
    nativeStatsSeries(statsSamples),
  );
  const firstAction = events.find((e) => e.kind === 'action');
  const analysis = analyze({
    series,
    events,
    histogramOps: loadgenHistogramOps,
    intervalMs,
    ...(firstAction ? { faultAt: firstAction.t } : {}),
    baseline: { windowS: spec.baselineS },
    recovery: spec.recovery,
    expectRecovery: spec.expect.recovers === 'any' ? 'any' : spec.expect.recovers ? 'recover' : 'metastable',
    thresholds: (summary) => evaluateThresholds(spec.thresholds, summary),
    ...(loadResult
      ? {
          load: {
            requests: loadResult.summary.requests,
            dropped: loadResult.summary.dropped,
            generator: loadResult.summary.generator,
            ...(loadResult.summary.retry ? { retry: loadResult.summary.retry } : {}),
          },
          allHistogram: loadResult.histograms.all,
        }
      : {}),
    ...(originStats ? { originTotals: originStats.totals } : {}),
  });
  const verdict = interrupted ? interruptedVerdict(analysis.verdict) : analysis.verdict;

  const report: Report = {
    schema: REPORT_SCHEMA,
    runId: options.runId ?? defaultRunId(spec, startedAt),
    startedAt: startedAt.toISOString(),
    tool: { version: options.toolVersion, node: process.version },
    scenario: { name: spec.name, title: spec.title, incident: spec.incident, spec },
    cache: {
      kind: spec.cache.kind,
      version: cacheVersion,
      config: cache?.config() ?? {},
      ...(statsBefore && statsAfter
        ? {
            stats: nativeTotals([
              { t: Number.NEGATIVE_INFINITY, values: statsBefore },
              ...statsSamples,
              { t: Number.POSITIVE_INFINITY, values: statsAfter },
            ]),
          }
        : {}),
    },
    origin: originStats
      ? { ...originStats.config, serviceMs: originStats.config.serviceTime }
      : { concurrency: spec.origin.concurrency ?? 0, queue: spec.origin.queue ?? 0, serviceMs: spec.origin.serviceTime ?? null },
    load: {
      model: spec.load.model,
      rate: spec.load.ratePerS ?? 0,
      workers: loadResult?.spec.workers ?? spec.load.workers ?? 0,
      connections: loadResult?.spec.connections ?? spec.load.connections ?? 0,
      keys: spec.load.keys,
      distribution: spec.load.distribution,
      durationS: spec.load.durationS,
      ...(spec.load.stages ? { stages: spec.load.stages } : {}),
      ...(spec.load.retry ? { retry: spec.load.retry } : {}),
    },
    events,
    summary: analysis.summary,
    series,
    histograms: analysis.histograms,
    verdict,
    ...(interrupted ? { interrupted } : {}),
  };
  return report;
}

/** An interrupted run never passes, whatever was measured until then. */
function interruptedVerdict(verdict: Report['verdict']): Report['verdict'] {
  return { pass: false, failures: [...verdict.failures, { ...INTERRUPTION_MARKER }] };
}

/**
 * Marks a finished report as interrupted after the engine returned it (a signal while the caller analysed or wrote
 * it): the numbers are whole, but the run was cut short of its end and must not pass a gate.
 */
export function markInterrupted(report: Report, reason: string, phase: InterruptPhase): Report {
  if (report.interrupted) return report;
  const at = Date.now();
  return {
    ...report,
    events: [...report.events, { t: at, action: 'interrupted', detail: { reason, phase }, kind: 'phase' }],
    verdict: interruptedVerdict(report.verdict),
    interrupted: { reason, at, phase },
  };
}

async function fire(step: TimelineStep, ctx: ActionContext, record: (e: ReportEvent) => void): Promise<void> {
  const { at, ...action } = step;
  const t = Date.now();
  try {
    const detail = await runAction(action, ctx);
    record({ t, action: action.action, detail: { atS: at, ...detail, tookMs: Date.now() - t }, kind: 'action' });
  } catch (err) {
    record({ t, action: action.action, detail: { atS: at, error: errorText(err) }, kind: 'action' });
    record(faultEvent(action.action, err));
  }
}

/** Observe: stop once recovered for the window plus extraS, or at the time limit after the last action. */
function shouldStop(
  spec: ScenarioSpec,
  buckets: readonly LoadBucket[],
  events: readonly ReportEvent[],
  origin: Backend,
  t0: number,
  lastAtS: number,
  intervalMs: number,
): boolean {
  const last = buckets[buckets.length - 1];
  if (!last) return false;
  const now = last.t + intervalMs;
  if (now >= t0 + (lastAtS + spec.observe.maxS) * 1000) return true;
  if (!spec.observe.stopWhenRecovered || spec.timeline.length === 0) return false;
  const firstAction = events.find((e) => e.kind === 'action');
  if (!firstAction) return false;
  const series = mergeSeries(buckets, origin.stats().series, { intervalMs });
  const { summary } = analyze({
    series,
    events,
    histogramOps: NO_HISTOGRAMS,
    intervalMs,
    faultAt: firstAction.t,
    baseline: { windowS: spec.baselineS },
    recovery: spec.recovery,
  });
  const recoveredAt = summary.windows?.recoveredAt;
  if (!summary.recovery.recovered || recoveredAt == null) return false;
  return now >= recoveredAt + (spec.recovery.windowS + spec.observe.extraS) * 1000;
}

/** The live recovery check needs no latency percentiles per phase: skip the histogram merges. */
const NO_HISTOGRAMS = {
  merge: () => '',
  summarize: () => ({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0 }),
};

function originOptions(spec: ScenarioSpec, intervalMs: number): BackendOptionsInput {
  const o = spec.origin;
  return {
    ...stripUndefined({
      concurrency: o.concurrency,
      queue: o.queue,
      queueTimeoutMs: o.queueTimeoutMs,
      serviceTime: o.serviceTime,
      contention: o.contention,
      ttlS: o.ttlS,
      staleWhileRevalidateS: o.staleWhileRevalidateS,
      ttlJitterPct: o.ttlJitterPct,
      bodyBytes: o.bodyBytes,
    }),
    seed: spec.load.seed,
    intervalMs,
  };
}

function cacheOptions(spec: ScenarioSpec) {
  const c = spec.cache;
  return stripUndefined({
    coalescing: c.coalescing,
    grace: c.grace,
    ttlOverrideS: c.ttlOverrideS,
    maxCount: c.maxCount,
    maxSizeBytes: c.maxSizeBytes,
    cacheHeader: c.cacheHeader,
    vclFile: c.vclFile,
    nginxConfFile: c.nginxConfFile,
    url: c.url,
    actions: c.actions,
  });
}

function loadSpec(spec: ScenarioSpec, url: string, cacheHeader: string, intervalMs: number): LoadSpecInput {
  const l = spec.load;
  return {
    url,
    model: l.model,
    arrival: l.arrival,
    ...stripUndefined({
      ratePerS: l.ratePerS,
      stages: l.stages,
      startRatePerS: l.startRatePerS,
      workers: l.workers,
      connections: l.connections,
      timeoutMs: l.timeoutMs,
    }),
    durationS: l.durationS,
    keys: l.keys,
    distribution: l.distribution,
    seed: l.seed,
    intervalMs,
    cacheHeader,
    ...(l.retry ? { retry: l.retry } : {}),
  };
}

/**
 * Warm-up (not measured): prefetch the hottest keys, then the load's own traffic for warmup.durationS.
 * Aborting `signal` ends it early: no new request starts, the warm-up load stops and drains.
 */
async function warmUp(
  spec: ScenarioSpec,
  cacheUrl: string,
  keyPath: (rank: number) => string,
  loadInput: LoadSpecInput,
  signal: AbortSignal,
): Promise<void> {
  const w = spec.warmup;
  if (w.prefetchTopN && !signal.aborted) {
    const paths = Array.from({ length: Math.min(w.prefetchTopN, spec.load.keys) }, (_, i) => keyPath(i + 1));
    await warmPaths(cacheUrl, paths, w.prefetchRatePerS ?? 500, { signal });
  }
  if (w.durationS > 0 && !signal.aborted) {
    const rate = w.ratePerS ?? spec.load.ratePerS ?? spec.load.stages?.[0]?.targetRatePerS ?? 100;
    const { stages: _stages, startRatePerS: _start, ...rest } = loadInput;
    const run = startLoad({ ...rest, ratePerS: rate, durationS: w.durationS, seed: spec.load.seed + 1 });
    const stop = (): void => run.stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await run.done;
    } finally {
      signal.removeEventListener('abort', stop);
      await run.close();
    }
  }
}

function withNativeStats(series: SeriesPoint[], stats: ReadonlyMap<number, Record<string, number>>): SeriesPoint[] {
  if (stats.size === 0) return series;
  return series.map((p) => {
    const s = stats.get(p.t);
    return s ? { ...p, cacheStats: s } : p;
  });
}

function faultEvent(source: string, err: unknown): ReportEvent {
  return { t: Date.now(), action: 'fault', detail: { source, error: errorText(err) }, kind: 'fault' };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The reason an abort signal carries, as text ("interrupted by SIGINT"). */
export function abortReason(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'interrupted';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw Object.assign(new Error(abortReason(signal)), { code: 'STAMPEDE_INTERRUPTED' });
}

function stripUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
