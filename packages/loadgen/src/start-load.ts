/**
 * Main-thread orchestration of one run: validates the spec, starts one piscina worker per share of the
 * connections, synchronises their start on an interval-aligned t0, assembles the per-interval series
 * as workers report, and builds the LoadResult. The engine never prints: it emits events.
 *
 * Lifecycle: workers report `ready` -> t0 is sent to all -> `started` -> one `bucket` event per
 * interval -> workers drain and report `done` -> `done` resolves (the pool is destroyed first).
 * A run never hangs: worker failures are recorded (and emitted as `error`), a watchdog ends a run
 * whose workers outlive their schedule by far, and `close()` terminates the threads at once.
 */
import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { alignedStart, correctClock, epochNow } from './clock.js';
import { LoadSpecError, LoadWorkerError } from './errors.js';
import { addEncoded, createHistogram, encodeHistogram } from './histogram.js';
import type { MainToWorker, WorkerToMain } from './protocol.js';
import type { LoadBucket, LoadResult } from './result.js';
import { connectionsForWorker, validateLoadSpec, type LoadSpec, type LoadSpecInput } from './spec.js';
import { summarizeRun } from './summary.js';
import { BucketAssembler } from './timeseries.js';
import { createWorkerPool, type LoadWorkerPool, type WorkerFile } from './worker-pool.js';

export interface LoadRunEvents {
  /** the workers are ready and the first request is intended at t0 (epoch ms) */
  started: [{ t0: number }];
  /** one interval merged over all workers, as soon as every worker has reported it */
  bucket: [LoadBucket];
  /** a worker failed; also recorded in LoadResult.errors. Only emitted when someone listens. */
  error: [Error];
}

/** A running load. Listen for events, `stop()` to end early, await `done` for the result. */
export interface LoadRun extends EventEmitter<LoadRunEvents> {
  readonly spec: LoadSpec;
  /** resolves with what was measured once every worker has finished; rejects (LoadWorkerError) when nothing could run */
  readonly done: Promise<LoadResult>;
  /** Stops scheduling now; in-flight requests drain (up to timeoutMs), then `done` resolves. Idempotent. */
  stop(): void;
  /** Terminates the worker threads now (stopping the run first if needed) and settles `done`. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** How long workers get to load and report ready. */
const READY_TIMEOUT_MS = 30_000;
/** Grace after the schedule's end (or a stop) plus the drain timeout before a silent worker is given up on. */
const FINISH_GRACE_MS = 15_000;
/** How long a worker whose task has resolved may take to deliver its `done` message. */
const DONE_MESSAGE_GRACE_MS = 2_000;

/**
 * Validates the spec (synchronously: throws LoadSpecError or RemoteTargetError) and starts the run.
 */
export function startLoad(input: LoadSpecInput, options: StartOptions = {}): LoadRun {
  return startRun(validateLoadSpec(input), options);
}

export interface StartOptions {
  /**
   * The run's t0 (epoch ms on the corrected clock, on the interval grid), agreed with other generators: a shard
   * starts at the common instant its controller gave. Absent: the first interval boundary once every worker is
   * ready. A t0 that has passed by the time the workers are ready fails the run (a late shard must not burst).
   */
  startAt?: number;
}

/** startLoad with a validated spec and, for tests, another worker file. Not part of the package API. */
export function startRun(spec: LoadSpec, options: StartOptions & { workerFile?: WorkerFile } = {}): LoadRun {
  if (options.startAt !== undefined && options.startAt % spec.intervalMs !== 0) {
    throw new LoadSpecError([`startAt ${options.startAt} is not on the ${spec.intervalMs} ms interval grid`]);
  }
  correctClock(spec.clockOffsetMs ?? 0);
  return new Run(spec, options.workerFile, options.startAt);
}

type WorkerState = 'starting' | 'ready' | 'done' | 'failed';

class Run extends EventEmitter<LoadRunEvents> implements LoadRun {
  readonly spec: LoadSpec;
  readonly done: Promise<LoadResult>;

  readonly #pool: LoadWorkerPool;
  readonly #ports: MessagePort[] = [];
  readonly #states: WorkerState[];
  readonly #latency = createHistogram();
  readonly #serviceTime = createHistogram();
  readonly #scheduleLag = createHistogram();
  readonly #assembler: BucketAssembler;
  readonly #series: LoadBucket[] = [];
  readonly #errors: string[] = [];
  readonly #createdAt = epochNow();

  #bodyBytes = 0;
  #t0: number | undefined;
  #stopAt: number | undefined;
  #closing = false;
  #finished = false;
  #fatal: Error | undefined;
  #timers = new Set<NodeJS.Timeout>();
  #resolve!: (result: LoadResult) => void;
  #reject!: (error: Error) => void;

  readonly #startAt: number | undefined;

  constructor(spec: LoadSpec, file?: WorkerFile, startAt?: number) {
    super();
    this.spec = spec;
    this.#startAt = startAt;
    this.#states = new Array<WorkerState>(spec.workers).fill('starting');
    this.#assembler = new BucketAssembler(spec.workers, this.#latency);
    this.done = new Promise<LoadResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // a caller that only listens to events must not get an unhandled rejection
    this.done.catch(() => undefined);

    this.#pool = createWorkerPool(spec.workers, file);
    for (let worker = 0; worker < spec.workers; worker++) {
      const { port1, port2 } = new MessageChannel();
      this.#ports.push(port1);
      port1.on('message', (message: WorkerToMain) => this.#onMessage(worker, message));
      const task = {
        spec,
        worker,
        workers: spec.workers,
        connections: connectionsForWorker(spec, worker),
        port: port2,
      };
      this.#pool.run(task, { transferList: [port2] }).then(
        () => this.#onTaskResolved(worker),
        (error: unknown) => this.#onWorkerFailed(worker, error),
      );
    }
    this.#after(READY_TIMEOUT_MS, () => {
      if (this.#t0 === undefined && !this.#finished) {
        this.#states.forEach((state, worker) => {
          if (state === 'starting') this.#onWorkerFailed(worker, new Error(`not ready after ${READY_TIMEOUT_MS} ms`));
        });
      }
    });
  }

  stop(): void {
    if (this.#stopAt !== undefined || this.#finished) return;
    this.#stopAt = epochNow();
    this.#broadcast({ type: 'stop' });
    // workers drain for at most timeoutMs; one that does not report by then is given up on
    this.#after(this.spec.timeoutMs + FINISH_GRACE_MS, () => this.#giveUp('did not stop in time'));
  }

  async close(): Promise<void> {
    if (!this.#finished) {
      this.stop();
      this.#closing = true;
      await this.#pool.destroy().catch(() => undefined);
      this.#finalize();
    }
    await this.done.catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #onMessage(worker: number, message: WorkerToMain): void {
    if (this.#finished) return;
    switch (message.type) {
      case 'ready':
        this.#states[worker] = 'ready';
        if (this.#states.every((s) => s === 'ready')) this.#start();
        return;
      case 'bucket':
        this.#emitBuckets(this.#assembler.add(worker, message.bucket));
        return;
      case 'done':
        addEncoded(this.#serviceTime, message.serviceTime);
        addEncoded(this.#scheduleLag, message.scheduleLag);
        this.#bodyBytes += message.bodyBytes;
        this.#workerFinished(worker, 'done');
        return;
    }
  }

  #start(): void {
    if (this.#stopAt !== undefined || this.#t0 !== undefined) return;
    if (this.#startAt !== undefined && this.#startAt <= epochNow()) {
      const late = epochNow() - this.#startAt;
      this.#fatal ??= new LoadWorkerError(`the workers were ready ${late.toFixed(0)} ms after the agreed start instant`);
      this.stop();
      return;
    }
    const t0 = this.#startAt ?? alignedStart(epochNow(), this.spec.intervalMs);
    this.#t0 = t0;
    this.#broadcast({ type: 'start', t0 });
    const deadline = t0 + this.spec.durationS * 1000 + this.spec.timeoutMs + FINISH_GRACE_MS;
    this.#after(deadline - epochNow(), () => this.#giveUp('did not finish in time'));
    this.emit('started', { t0 });
  }

  #onTaskResolved(worker: number): void {
    // the data travels on the port; its `done` may still be on the way
    this.#after(DONE_MESSAGE_GRACE_MS, () => {
      if (this.#states[worker] !== 'done' && this.#states[worker] !== 'failed') {
        this.#onWorkerFailed(worker, new Error('ended without reporting'));
      }
    });
  }

  #onWorkerFailed(worker: number, cause: unknown): void {
    if (this.#finished || this.#states[worker] === 'done' || this.#states[worker] === 'failed') return;
    if (this.#closing) {
      this.#workerFinished(worker, 'failed');
      return;
    }
    const reason = cause instanceof Error ? cause.message : String(cause);
    const error = new LoadWorkerError(`load worker ${worker} failed: ${reason}`, { cause });
    this.#errors.push(error.message);
    if (this.listenerCount('error') > 0) this.emit('error', error);
    if (this.#t0 === undefined) {
      // nothing measured yet: end the run and report the failure
      this.#fatal ??= error;
      this.stop();
    }
    this.#workerFinished(worker, 'failed');
  }

  #giveUp(why: string): void {
    this.#states.forEach((state, worker) => {
      if (state !== 'done' && state !== 'failed') this.#onWorkerFailed(worker, new Error(why));
    });
  }

  #workerFinished(worker: number, state: 'done' | 'failed'): void {
    this.#states[worker] = state;
    this.#emitBuckets(this.#assembler.finish(worker));
    if (this.#states.every((s) => s === 'done' || s === 'failed')) {
      void this.#pool
        .destroy()
        .catch(() => undefined)
        .then(() => this.#finalize());
    }
  }

  #emitBuckets(buckets: LoadBucket[]): void {
    for (const bucket of buckets) {
      this.#series.push(bucket);
      this.emit('bucket', bucket);
    }
  }

  #finalize(): void {
    if (this.#finished) return;
    this.#finished = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const port of this.#ports) port.close();
    this.#emitBuckets(this.#assembler.flushAll());
    if (this.#fatal && this.#series.length === 0) {
      this.#reject(this.#fatal);
      return;
    }
    this.#resolve(this.#result());
  }

  #result(): LoadResult {
    const endedAt = epochNow();
    const t0 = this.#t0 ?? this.#stopAt ?? this.#createdAt;
    const plannedEnd = t0 + this.spec.durationS * 1000;
    const scheduleEnd = Math.min(plannedEnd, this.#stopAt ?? Number.POSITIVE_INFINITY);
    const result: LoadResult = {
      spec: this.spec,
      startedAt: new Date(t0).toISOString(),
      t0,
      endedAt,
      stoppedEarly: this.#stopAt !== undefined && this.#stopAt < plannedEnd,
      summary: summarizeRun({
        series: this.#series,
        intervalMs: this.spec.intervalMs,
        scheduledS: this.#t0 === undefined ? 0 : Math.max(0, (scheduleEnd - t0) / 1000),
        latency: this.#latency,
        serviceTime: this.#serviceTime,
        scheduleLag: this.#scheduleLag,
        bodyBytes: this.#bodyBytes,
        workersFailed: this.#errors.length,
      }),
      series: this.#series,
      histograms: {
        all: encodeHistogram(this.#latency),
        serviceTime: encodeHistogram(this.#serviceTime),
        scheduleLag: encodeHistogram(this.#scheduleLag),
      },
    };
    if (this.#errors.length > 0) result.errors = [...this.#errors];
    return result;
  }

  #broadcast(message: MainToWorker): void {
    for (const port of this.#ports) port.postMessage(message);
  }

  #after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    timer.unref();
    this.#timers.add(timer);
  }
}
