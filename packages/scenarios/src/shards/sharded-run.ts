/**
 * The controller side of a sharded load: N shard processes (started by an engine) each send rate/N, and this
 * object is the one LoadRun the orchestrator drives, exactly as it drives a single generator. It runs the start
 * barrier (every shard ready, clock offsets measured and within bounds, one common start instant), merges the
 * shards' buckets per interval as they stream in (loadgen's own worker merge: counters summed, HDR histograms
 * added), forwards stop(), and at the end combines the shards' results exactly (combineResults). A shard that
 * never reaches the barrier fails the start (ShardStartError); one whose clock is off by more than the bound fails
 * it too (ClockOffsetError); one that dies mid-run is reported (an `error` event and its row) and what it streamed
 * before is kept.
 */
import { EventEmitter } from 'node:events';
import {
  alignedStart,
  BucketAssembler,
  combineResults,
  createHistogram,
  decodeHistogram,
  emptyEncodedHistogram,
  epochNow,
  LoadWorkerError,
  mergeEncodedHistograms,
  summarizeRun,
  validateLoadSpec,
  type LoadBucket,
  type LoadResult,
  type LoadRun,
  type LoadRunEvents,
  type LoadSpec,
  type LoadSpecInput,
} from '@stampede/loadgen';
import type { ShardRow, ShardsRecord } from '../record/shards-record.js';
import { startControllerServer, type ControllerServer } from './controller-server.js';
import type { ShardExit, ShardFleet } from './shard-engine.js';
import type { ShardingOptions } from './sharding-options.js';
import { shardEnvVars } from './shard-env.js';
import { ClockOffsetError, ShardStartError } from './shard-errors.js';
import { SHARD_RESULT_SCHEMA, type BarrierAnswer, type ShardReady, type ShardResult } from './shard-protocol.js';

/** The orchestrator's sharding options, with the run's id and whether the load may leave loopback. */
export type ShardedRunOptions = Omit<ShardingOptions, 'count' | 'targetUrl'> & {
  shards: number;
  runId: string;
  /** shards may target a non-loopback cache (--allow-remote) */
  allowRemote?: boolean;
};

/** A sharded run's result: the combined result, plus a row per shard. */
export type ShardedLoadResult = LoadResult & { shards: ShardsRecord };

const DEFAULT_BARRIER_TIMEOUT_MS = 60_000;
/** from the barrier to t0: time for every shard to start its worker threads (they are started after the barrier) */
const START_LEAD_MS = 2_000;
/** after the schedule's end plus the request timeout: how long a shard gets to deliver its result */
const RESULT_GRACE_MS = 20_000;

type State = 'launched' | 'ready' | 'running' | 'done' | 'died' | 'failed';

interface Shard {
  state: State;
  offsetMs: number;
  rttMs: number;
  buckets: LoadBucket[];
  result?: ShardResult;
  reason?: string;
  answer?: (a: BarrierAnswer) => void;
}

export function startShardedLoad(input: LoadSpecInput, options: ShardedRunOptions): ShardedRun {
  return new ShardedRun(input, options);
}

export class ShardedRun extends EventEmitter<LoadRunEvents> implements LoadRun {
  readonly spec: LoadSpec;
  readonly done: Promise<ShardedLoadResult>;
  readonly #input: LoadSpecInput;
  readonly #options: ShardedRunOptions;
  readonly #shards: Shard[];
  readonly #assembler: BucketAssembler;
  readonly #series: LoadBucket[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #stopWaiters: (() => void)[] = [];
  readonly #maxOffsetMs: number;
  #server: ControllerServer | undefined;
  #fleet: ShardFleet | undefined;
  #t0: number | undefined;
  #stopped = false;
  #finished = false;
  #fatal: Error | undefined;
  #resolve!: (r: ShardedLoadResult) => void;
  #reject!: (e: Error) => void;

  constructor(input: LoadSpecInput, options: ShardedRunOptions) {
    super();
    // the full-rate spec, validated here so that bad input fails before any process starts
    this.spec = validateLoadSpec({ ...input, allowRemote: options.allowRemote ?? input.allowRemote ?? false });
    this.#input = input;
    this.#options = options;
    this.#maxOffsetMs = options.maxClockOffsetMs ?? this.spec.intervalMs;
    this.#shards = Array.from({ length: options.shards }, () => ({ state: 'launched' as State, offsetMs: 0, rttMs: 0, buckets: [] }));
    this.#assembler = new BucketAssembler(options.shards);
    this.done = new Promise<ShardedLoadResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.done.catch(() => undefined);
    this.#begin().catch((err: unknown) => this.#abort(err instanceof Error ? err : new Error(String(err))));
  }

  /** the shards' rows so far (for the report) */
  get rows(): ShardRow[] {
    return this.#shards.map((s, index) => row(index, s));
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const wake of this.#stopWaiters.splice(0)) wake();
    // before the barrier nothing was measured: the shards are told not to start, and the run ends here
    if (this.#t0 === undefined) this.#abort(new ShardStartError('the run was stopped before the shards started'));
  }

  async close(): Promise<void> {
    this.stop();
    await this.#fleet?.stop().catch((err: unknown) => this.#options.log?.(`the shards could not be removed: ${(err as Error).message}`));
    // whoever has not delivered by now never will (before the start, nobody was expected to)
    if (this.#t0 !== undefined) {
      for (const s of this.#shards) if (!isEnded(s.state)) this.#end(s, 'died', 'stopped by the controller before it delivered its result');
    }
    this.#finalize();
    await this.#shutdown();
    await this.done.catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #begin(): Promise<void> {
    const o = this.#options;
    this.#server = await startControllerServer(
      o.runId,
      {
        ready: (m) => this.#onReady(m),
        stopped: () => (this.#stopped ? Promise.resolve() : new Promise<void>((wake) => this.#stopWaiters.push(wake))),
        bucket: (m) => this.#onBucket(m.index, m.bucket),
        result: (m) => this.#onResult(m),
        failed: (m) => this.#onFailed(m.index, m.error),
      },
      o.listen,
    );
    if (this.#finished) return;
    const env = shardEnvVars({
      shards: o.shards,
      runId: o.runId,
      load: this.#input,
      controllerUrl: o.controllerUrl ?? this.#server.url,
      allowRemote: o.allowRemote ?? false,
    });
    this.#fleet = await o.engine.launch({ shards: o.shards, env, runId: o.runId });
    this.#fleet.onExit((exit) => this.#onExit(exit));
    const timeout = o.barrierTimeoutMs ?? DEFAULT_BARRIER_TIMEOUT_MS;
    this.#after(timeout, () => {
      if (this.#t0 !== undefined) return;
      const missing = this.#shards.flatMap((s, i) => (s.state === 'ready' ? [] : [i]));
      this.#abort(new ShardStartError(`shard(s) ${missing.join(', ')} did not reach the start barrier within ${timeout / 1000} s (${this.#fleet?.description ?? o.engine.name}); see the shards' output above`));
    });
  }

  #onReady(m: ShardReady): Promise<BarrierAnswer> {
    const s = this.#shards[m.index];
    if (!s) return Promise.resolve({ abort: `no shard ${m.index} in a run of ${this.#shards.length}` });
    if (this.#fatal || this.#stopped) return Promise.resolve({ abort: this.#fatal?.message ?? 'the run was stopped' });
    s.offsetMs = m.offsetMs;
    s.rttMs = m.rttMs;
    if (Math.abs(m.offsetMs) > this.#maxOffsetMs) {
      const error = new ClockOffsetError(
        `shard ${m.index}'s clock is ${Math.abs(m.offsetMs).toFixed(0)} ms ${m.offsetMs > 0 ? 'behind' : 'ahead of'} the controller's ` +
          `(measured with a ${m.rttMs.toFixed(1)} ms round trip), more than ${this.#maxOffsetMs} ms: its buckets cannot be joined ` +
          `by wall time. Sync the clocks (NTP), or accept and correct it with --max-clock-offset ${Math.ceil(Math.abs(m.offsetMs) / 1000) + 1}s`,
      );
      this.#abort(error);
      return Promise.resolve({ abort: error.message });
    }
    s.state = 'ready';
    const answer = new Promise<BarrierAnswer>((resolve) => (s.answer = resolve));
    if (this.#shards.every((x) => x.state === 'ready')) this.#start();
    return answer;
  }

  #start(): void {
    const maxRtt = Math.max(...this.#shards.map((s) => s.rttMs));
    const t0 = alignedStart(epochNow(), this.spec.intervalMs, START_LEAD_MS + 4 * maxRtt);
    this.#t0 = t0;
    for (const s of this.#shards) s.state = 'running';
    this.#answerAll({ startAt: t0 });
    this.emit('started', { t0 });
    const deadline = t0 + this.spec.durationS * 1000 + this.spec.timeoutMs + RESULT_GRACE_MS;
    this.#after(deadline - epochNow(), () => {
      for (const s of this.#shards) if (!isEnded(s.state)) this.#end(s, 'died', 'delivered no result in time');
    });
  }

  #answerAll(answer: BarrierAnswer): void {
    for (const s of this.#shards) {
      s.answer?.(answer);
      delete s.answer;
    }
  }

  #onBucket(index: number, bucket: LoadBucket): void {
    const s = this.#shards[index];
    if (!s || isEnded(s.state) || this.#finished) return;
    s.buckets.push(bucket);
    this.#emitBuckets(this.#assembler.add(index, bucket));
  }

  #onResult(m: ShardResult): void {
    const s = this.#shards[m.index];
    if (!s || isEnded(s.state)) return;
    s.result = m;
    this.#end(s, 'done');
  }

  #onFailed(index: number, error: string): void {
    const s = this.#shards[index];
    if (!s || isEnded(s.state)) return;
    if (this.#t0 === undefined) {
      this.#abort(new ShardStartError(`shard ${index} could not start: ${error}`));
      return;
    }
    this.#end(s, 'failed', error);
  }

  #onExit(exit: ShardExit): void {
    const s = this.#shards[exit.index];
    if (!s || isEnded(s.state) || this.#finished) return;
    const how = exit.code === null ? (exit.reason ?? 'it ended') : `exit code ${exit.code}${exit.reason ? `: ${exit.reason}` : ''}`;
    if (this.#t0 === undefined) {
      this.#abort(new ShardStartError(`shard ${exit.index} ended before the start barrier (${how})`));
      return;
    }
    this.#end(s, 'died', `ended mid-run without its result (${how})`);
  }

  #end(s: Shard, state: 'done' | 'died' | 'failed', reason?: string): void {
    s.state = state;
    if (reason !== undefined) s.reason = reason;
    const index = this.#shards.indexOf(s);
    if (state !== 'done') {
      const error = new LoadWorkerError(`shard ${index} ${state}: ${reason ?? ''}`);
      if (this.listenerCount('error') > 0) this.emit('error', error);
    }
    this.#emitBuckets(this.#assembler.finish(index));
    if (this.#shards.every((x) => isEnded(x.state))) {
      this.#finalize();
      void this.#shutdown();
    }
  }

  #emitBuckets(buckets: LoadBucket[]): void {
    for (const b of buckets) {
      this.#series.push(b);
      this.emit('bucket', b);
    }
  }

  #abort(error: Error): void {
    if (this.#finished) return;
    this.#fatal ??= error;
    this.#answerAll({ abort: error.message });
    this.stop();
    if (this.#t0 === undefined) {
      // nothing was measured: the start failed
      this.#finished = true;
      this.#clearTimers();
      this.#reject(this.#fatal);
      void this.#shutdown();
      return;
    }
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  #finalize(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#clearTimers();
    this.#emitBuckets(this.#assembler.flushAll());
    if (this.#t0 === undefined) {
      this.#reject(this.#fatal ?? new ShardStartError('the shards were stopped before the start barrier'));
      return;
    }
    const t0 = this.#t0;
    const results = this.#shards.flatMap((s, index): ShardResult[] => {
      if (s.result) return [s.result];
      if (s.buckets.length === 0) return [];
      const state = s.state === 'failed' ? 'failed' : 'died';
      return [
        {
          schema: SHARD_RESULT_SCHEMA,
          runId: this.#options.runId,
          index,
          shards: this.#shards.length,
          clockOffsetMs: s.offsetMs,
          rttMs: s.rttMs,
          result: partialResult(this.spec, s.buckets, t0),
          partial: { state, reason: s.reason ?? 'it ended without its result' },
        },
      ];
    });
    const parts = results.map((r) => r.result);
    const failed = this.#shards.filter((s) => s.state !== 'done').length;
    const combined: LoadResult =
      parts.length > 0
        ? combineResults(parts, {
            // what ran: every shard's worker threads and connections together
            spec: {
              ...this.spec,
              workers: parts.reduce((n, p) => n + p.spec.workers, 0),
              connections: parts.reduce((n, p) => n + p.spec.connections, 0),
            },
            missing: failed,
          })
        : partialResult(this.spec, [], t0);
    try {
      this.#options.onResults?.(results);
    } catch {
      // a caller's bookkeeping must not lose the measurement
    }
    this.#resolve({ ...combined, shards: this.#record() });
  }

  /** where the shards ran and their rows so far (the report's, also when the run ends early) */
  get record(): ShardsRecord {
    return this.#record();
  }

  #record(): ShardsRecord {
    return {
      engine: this.#options.engine.name,
      where: this.#fleet?.description ?? this.#options.engine.name,
      count: this.#shards.length,
      maxClockOffsetMs: this.#maxOffsetMs,
      rows: this.rows,
    };
  }

  async #shutdown(): Promise<void> {
    // a fleet that cannot be removed says what to run by hand; the measurement is not lost for it
    await this.#fleet?.stop().catch((err: unknown) => this.#options.log?.(`the shards could not be removed: ${(err as Error).message}`));
    await this.#server?.close().catch(() => undefined);
  }

  #after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    timer.unref();
    this.#timers.add(timer);
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}

function isEnded(state: State): boolean {
  return state === 'done' || state === 'died' || state === 'failed';
}

function row(index: number, s: Shard): ShardRow {
  const summary = s.result?.result.summary;
  const streamed = s.buckets.reduce((acc, b) => ({ requests: acc.requests + b.intended, dropped: acc.dropped + b.dropped }), { requests: 0, dropped: 0 });
  const state: ShardRow['state'] = s.state === 'done' ? 'ok' : s.state === 'launched' ? 'never-started' : s.state === 'died' || s.state === 'failed' ? s.state : 'died';
  const saturated = summary?.generator.saturated ?? false;
  const reason = s.reason ?? (saturated ? summary?.generator.reason : undefined);
  return {
    index,
    state,
    requests: summary?.requests ?? streamed.requests,
    dropped: summary?.dropped ?? streamed.dropped,
    scheduleLagP99Ms: summary?.generator.scheduleLagP99Ms ?? 0,
    clockOffsetMs: s.result?.clockOffsetMs ?? s.offsetMs,
    rttMs: s.result?.rttMs ?? s.rttMs,
    saturated,
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** What a shard that ended without its result had streamed, as a result (its schedule lag is unknown: empty). */
function partialResult(spec: LoadSpec, buckets: readonly LoadBucket[], t0: number): LoadResult {
  const all = mergeEncodedHistograms(buckets.map((b) => b.histogram));
  const summary = summarizeRun({
    series: buckets,
    intervalMs: spec.intervalMs,
    scheduledS: buckets.length * (spec.intervalMs / 1000),
    latency: decodeHistogram(all),
    serviceTime: createHistogram(),
    scheduleLag: createHistogram(),
  });
  return {
    spec,
    startedAt: new Date(t0).toISOString(),
    t0,
    endedAt: epochNow(),
    stoppedEarly: true,
    summary,
    series: [...buckets],
    histograms: { all: all === '' ? emptyEncodedHistogram() : all, serviceTime: emptyEncodedHistogram(), scheduleLag: emptyEncodedHistogram() },
  };
}
