/**
 * One worker's share of a run: the scheduler loop (open model: intended times from the pacer; closed
 * model: N loops), request accounting, per-interval buckets and the end-of-run drain. Knows nothing of
 * threads: it dispatches into a Dispatcher (an undici Pool in production) and posts WorkerToMain
 * messages through a callback.
 *
 * Invariants:
 * - every intended request is counted once: as `dropped` (max in-flight reached) or `sent`; every sent
 *   request ends exactly once as a response, `timeout` or `connError` (requests still outstanding
 *   after the drain are aborted and count as `timeout`);
 * - intended/sent/dropped are counted in the bucket of the intended time, outcomes in the bucket of
 *   the completion time; a bucket is posted only after the scheduler has passed its end, so nothing
 *   is ever added to a bucket already posted;
 * - one `bucket` message per interval from t0, in order, then `done`.
 *
 * Retries (spec.retry): a failed attempt whose outcome the policy retries is sent again for the same key after the
 * backoff delay, unless attempts are exhausted, the budget refuses, max in-flight is reached when it is due, or the
 * run has stopped scheduling (then the logical request gives up). Every attempt is counted (status, cache,
 * responses); `sent` counts first attempts and `retry.retries` the others, so sent + retries = attempts = outcomes.
 * Latency is recorded once per logical request, from its first attempt's intended time to its last completion.
 * With no policy, nothing of this runs: no timer, no allocation beyond the one handler per request.
 */
import type { Dispatcher } from 'undici';
import { BucketAccumulator, emptyWorkerBucket } from './bucket-accumulator.js';
import { epochNow, type Clock } from './clock.js';
import { createHistogram, emptyEncodedHistogram, encodeHistogram, recordMs } from './histogram.js';
import { createKeySampler, keyName, KEY_STREAM, type KeySampler } from './keys.js';
import { createPacer, type Pacer } from './pacer.js';
import type { WorkerToMain } from './protocol.js';
import { headerNameBytes } from './raw-header.js';
import { RequestHandler, type RequestSink } from './request-handler.js';
import { backoffDelayMs, RetryBudget, retryOnTable, type RetryOn, type RetryPolicy } from './retry-policy.js';
import { createRng, deriveSeed, type Rng } from './rng.js';
import type { LoadSpec } from './spec.js';
import { classifyStatus } from './status-class.js';

/** What the runner needs from an undici Pool. */
export interface LoadDispatcher {
  dispatch(options: Dispatcher.DispatchOptions, handler: RequestHandler): unknown;
  destroy(): Promise<void>;
}

export interface WorkerRunnerOptions {
  spec: LoadSpec;
  worker: number;
  workers: number;
  /** this worker's connections (closed model: loops = connections × pipelining) */
  connections: number;
  dispatcher: LoadDispatcher;
  post: (message: WorkerToMain) => void;
  clock?: Clock;
}

type Phase = 'idle' | 'waiting' | 'running' | 'draining' | 'finished';

/** Buckets a worker may hold open at once (the current one and stragglers); a power of two. */
const RING = 8;

/** Error codes undici uses for its per-request timeouts. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const PLACEHOLDER = '__stampede_key__';

/** Seed stream of the retry jitter (pacer.ts: 1, keys.ts: 2). */
export const RETRY_STREAM = 3;

export class WorkerRunner implements RequestSink {
  readonly cacheHeader: Uint8Array;
  bodyBytes = 0;
  /** resolves once `done` has been posted */
  readonly done: Promise<void>;

  readonly #spec: LoadSpec;
  readonly #worker: number;
  readonly #intervalMs: number;
  readonly #maxInFlight: number;
  readonly #closedLoops: number;
  readonly #dispatcher: LoadDispatcher;
  readonly #post: (message: WorkerToMain) => void;
  readonly #clock: Clock;
  readonly #pacer: Pacer | undefined;
  readonly #keys: KeySampler;
  /** request path, with PLACEHOLDER where the key goes */
  readonly #path: string;
  readonly #usesKeys: boolean;
  readonly #requestOptions: (Dispatcher.DispatchOptions | undefined)[];
  readonly #ring: BucketAccumulator[] = Array.from({ length: RING }, () => new BucketAccumulator());
  readonly #serviceTime = createHistogram();
  readonly #scheduleLag = createHistogram();
  readonly #emptyHistogram = emptyEncodedHistogram();
  readonly #retry: RetryPolicy | undefined;
  readonly #retryOn: RetryOn | undefined;
  readonly #budget: RetryBudget | undefined;
  readonly #retryRng: Rng | undefined;
  /** retries waiting for their backoff delay */
  readonly #pendingRetries = new Set<NodeJS.Timeout>();

  #phase: Phase = 'idle';
  #t0 = Number.NaN;
  #endAt = Number.NaN;
  #nextAt = Number.POSITIVE_INFINITY;
  #inFlight = 0;
  #aborting = false;
  /** next interval index to post */
  #nextPost = 0;
  #posted = 0;
  #tickTimeout: NodeJS.Timeout | undefined;
  #tickImmediate: NodeJS.Immediate | undefined;
  #flushTimer: NodeJS.Timeout | undefined;
  #startTimer: NodeJS.Timeout | undefined;
  #endTimer: NodeJS.Timeout | undefined;
  #drainTimer: NodeJS.Timeout | undefined;
  #resolveDone!: () => void;

  constructor(options: WorkerRunnerOptions) {
    const { spec, worker, workers } = options;
    this.#spec = spec;
    this.#worker = worker;
    this.#intervalMs = spec.intervalMs;
    this.#maxInFlight = spec.maxInFlight;
    this.#closedLoops = options.connections * spec.pipelining;
    this.#dispatcher = options.dispatcher;
    this.#post = options.post;
    this.#clock = options.clock ?? epochNow;
    this.cacheHeader = headerNameBytes(spec.cacheHeader);
    this.#pacer = spec.model === 'open' ? createPacer(spec, worker, workers) : undefined;

    const target = new URL(spec.url.replaceAll('{key}', PLACEHOLDER));
    this.#path = `${target.pathname}${target.search}`;
    const usesKeys = this.#path.includes(PLACEHOLDER);
    this.#usesKeys = usesKeys;
    this.#keys = usesKeys
      ? createKeySampler(spec.distribution, spec.keys, createRng(deriveSeed(spec.seed, worker, KEY_STREAM)))
      : { next: () => 0 };
    // one immutable options object per key, built on first use and reused (undici may queue it)
    this.#requestOptions = new Array<Dispatcher.DispatchOptions | undefined>(usesKeys ? spec.keys : 1);
    const retry = spec.retry;
    if (retry) {
      this.#retry = retry;
      this.#retryOn = retryOnTable(retry.on);
      this.#budget = retry.budget ? new RetryBudget(retry.budget, 1 / workers) : undefined;
      this.#retryRng = createRng(deriveSeed(spec.seed, worker, RETRY_STREAM));
    }
    this.done = new Promise<void>((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Begins the schedule at t0 (epoch ms). Ignored unless idle. */
  start(t0: number): void {
    if (this.#phase !== 'idle') return;
    this.#phase = 'waiting';
    this.#t0 = t0;
    this.#endAt = t0 + this.#spec.durationS * 1000;
    this.#nextPost = Math.floor(t0 / this.#intervalMs);
    this.#startTimer = setTimeout(() => this.#begin(), Math.max(0, t0 - this.#clock()));
  }

  /** Stops scheduling now; in-flight requests drain (up to timeoutMs), then `done` is posted. */
  stop(): void {
    switch (this.#phase) {
      case 'idle':
      case 'waiting':
        clearTimeout(this.#startTimer);
        this.#finish();
        return;
      case 'running':
        this.#endAt = Math.min(this.#endAt, this.#clock());
        this.#beginDrain();
        return;
      default:
        return;
    }
  }

  #begin(): void {
    this.#phase = 'running';
    this.#scheduleFlush();
    this.#armEndTimer();
    if (this.#pacer) {
      this.#nextAt = this.#t0 + this.#pacer.next();
      this.#tick();
    } else {
      for (let i = 0; i < this.#closedLoops; i++) this.#issueClosed();
    }
  }

  // ---- open model -------------------------------------------------------------------------------

  readonly #tick = (): void => {
    this.#tickTimeout = undefined;
    this.#tickImmediate = undefined;
    if (this.#phase !== 'running') return;
    this.#runDue(this.#clock());
    if (this.#phase !== 'running' || this.#nextAt >= this.#endAt) return; // the end timer drains
    const delay = this.#nextAt - this.#clock();
    if (delay <= 0) this.#tickImmediate = setImmediate(this.#tick);
    else this.#tickTimeout = setTimeout(this.#tick, delay);
  };

  /** Issues every request intended at or before `now` (batching), in intended order. */
  #runDue(now: number): void {
    const pacer = this.#pacer;
    if (!pacer) return;
    let next = this.#nextAt;
    const end = Math.min(this.#endAt, now);
    while (next <= end && next < this.#endAt) {
      this.#issue(next, now);
      next = this.#t0 + pacer.next();
    }
    this.#nextAt = next;
  }

  #issue(intendedAt: number, now: number): void {
    const bucket = this.#bucketAt(intendedAt);
    bucket.intended++;
    if (this.#inFlight >= this.#maxInFlight) {
      bucket.dropped++;
      return;
    }
    bucket.sent++;
    recordMs(this.#scheduleLag, now - intendedAt);
    this.#send(intendedAt);
  }

  // ---- closed model -----------------------------------------------------------------------------

  readonly #issueClosed = (): void => {
    if (this.#phase !== 'running') return;
    const now = this.#clock();
    if (now >= this.#endAt) return;
    const bucket = this.#bucketAt(now);
    bucket.intended++;
    bucket.sent++;
    this.#send(now);
  };

  // ---- requests ---------------------------------------------------------------------------------

  #send(intendedAt: number): void {
    const index = this.#keys.next();
    let options = this.#requestOptions[index];
    if (options === undefined) {
      options = this.#buildOptions(index);
      this.#requestOptions[index] = options;
    }
    this.#inFlight++;
    this.#budget?.deposit(intendedAt);
    this.#dispatcher.dispatch(options, new RequestHandler(this, intendedAt, index));
  }

  #buildOptions(index: number): Dispatcher.DispatchOptions {
    const headers = Object.keys(this.#spec.headers).length > 0 ? { ...this.#spec.headers } : undefined;
    return Object.freeze({
      path: this.#usesKeys ? this.#path.replaceAll(PLACEHOLDER, keyName(index)) : this.#path,
      method: this.#spec.method,
      headers,
      // GET is "blocking" by default in undici, which would disable pipelining
      blocking: false,
      idempotent: true,
    });
  }

  onResponse(request: RequestHandler, completedAt: number): void {
    // after `done` (a request undici reports late, while the pool is destroyed) there is nothing left to count into
    if (this.#phase === 'finished') return;
    this.#inFlight--;
    const bucket = this.#bucketAt(completedAt);
    bucket.responses++;
    const status = classifyStatus(request.statusCode);
    bucket.status[status]++;
    bucket.cache[request.cache]++;
    recordMs(this.#serviceTime, completedAt - (request.sentAt || request.intendedAt));
    if (this.#retryOn?.[status] && this.#retryOrGiveUp(request, completedAt, bucket)) return;
    recordMs(bucket.histogram, completedAt - request.intendedAt);
    this.#afterCompletion(false);
  }

  onFailure(request: RequestHandler, error: Error, completedAt: number): void {
    if (this.#phase === 'finished') return;
    this.#inFlight--;
    const bucket = this.#bucketAt(completedAt);
    const code = (error as { code?: unknown }).code;
    const outcome = this.#aborting || (typeof code === 'string' && TIMEOUT_CODES.has(code)) ? 'timeout' : 'connError';
    bucket.status[outcome]++;
    if (this.#retryOn?.[outcome] && this.#retryOrGiveUp(request, completedAt, bucket)) return;
    this.#afterCompletion(true);
  }

  // ---- retries ----------------------------------------------------------------------------------

  /**
   * After an attempt that failed with an outcome the policy retries: schedules the next attempt (true: the logical
   * request goes on) or counts the request as given up (false: it ends here).
   */
  #retryOrGiveUp(request: RequestHandler, now: number, bucket: BucketAccumulator): boolean {
    const policy = this.#retry as RetryPolicy;
    if (request.attempt >= policy.maxAttempts || this.#phase !== 'running') {
      bucket.gaveUp++;
      return false;
    }
    if (this.#budget && !this.#budget.tryWithdraw(now)) {
      bucket.budgetDenied++;
      bucket.gaveUp++;
      return false;
    }
    const delay = backoffDelayMs(policy, request.attempt, this.#retryRng as Rng);
    const { intendedAt, key } = request;
    const attempt = request.attempt + 1;
    const timer = setTimeout(() => {
      this.#pendingRetries.delete(timer);
      this.#sendRetry(intendedAt, key, attempt);
    }, delay);
    this.#pendingRetries.add(timer);
    return true;
  }

  #sendRetry(intendedAt: number, key: number, attempt: number): void {
    const now = this.#clock();
    const bucket = this.#bucketAt(now);
    if (this.#phase !== 'running' || this.#inFlight >= this.#maxInFlight) {
      bucket.gaveUp++;
      this.#afterCompletion(true);
      return;
    }
    bucket.retries++;
    this.#inFlight++;
    const options = this.#requestOptions[key] as Dispatcher.DispatchOptions;
    this.#dispatcher.dispatch(options, new RequestHandler(this, intendedAt, key, attempt));
  }

  /** Stops the retries waiting for their delay: their requests give up now. */
  #cancelRetries(): void {
    if (this.#pendingRetries.size === 0) return;
    this.#bucketAt(this.#clock()).gaveUp += this.#pendingRetries.size;
    for (const timer of this.#pendingRetries) clearTimeout(timer);
    this.#pendingRetries.clear();
  }

  #afterCompletion(failed: boolean): void {
    if (this.#phase === 'running') {
      // closed model: the loop sends its next request; after a failure, on the next turn of the event
      // loop (a failure can be reported synchronously from dispatch, which must not recurse)
      if (!this.#pacer) {
        if (failed) setImmediate(this.#issueClosed);
        else this.#issueClosed();
      }
    } else if (this.#phase === 'draining' && this.#inFlight === 0) {
      this.#finish();
    }
  }

  // ---- buckets ----------------------------------------------------------------------------------

  #bucketAt(time: number): BucketAccumulator {
    for (;;) {
      // never add to a posted interval (cannot happen by construction; clamp rather than lose counts)
      const index = Math.max(Math.floor(time / this.#intervalMs), this.#nextPost);
      const slot = this.#ring[index % RING] as BucketAccumulator;
      if (slot.index === index) return slot;
      if (slot.index === -1) return slot.open(index);
      // another interval holds the slot: the event loop stalled for RING intervals; post what must go
      this.#postBefore(Math.max(index, slot.index) - RING + 1);
    }
  }

  /** Posts every interval with index < `limit`, in order, empty ones included. */
  #postBefore(limit: number): void {
    for (let index = this.#nextPost; index < limit; index++) {
      const slot = this.#ring[index % RING] as BucketAccumulator;
      const withRetry = this.#retry !== undefined;
      const bucket =
        slot.index === index
          ? slot.take(this.#intervalMs, withRetry)
          : emptyWorkerBucket(index * this.#intervalMs, this.#emptyHistogram, withRetry);
      this.#posted++;
      this.#post({ type: 'bucket', worker: this.#worker, bucket });
    }
    if (limit > this.#nextPost) this.#nextPost = limit;
  }

  #scheduleFlush(): void {
    const boundary = (this.#nextPost + 1) * this.#intervalMs;
    this.#flushTimer = setTimeout(this.#flush, Math.max(0, boundary - this.#clock()));
  }

  readonly #flush = (): void => {
    this.#flushTimer = undefined;
    if (this.#phase !== 'running' && this.#phase !== 'draining') return;
    const now = this.#clock();
    // catch the scheduler up first, so that every request intended before the boundary is counted
    if (this.#phase === 'running') this.#runDue(now);
    this.#postBefore(Math.floor(now / this.#intervalMs));
    this.#scheduleFlush();
  };

  // ---- the end ----------------------------------------------------------------------------------

  /** Node timers may fire up to ~1 ms early by this clock: re-arm until the schedule's end has really come. */
  #armEndTimer(): void {
    const remaining = this.#endAt - this.#clock();
    if (remaining <= 0) this.#beginDrain();
    else this.#endTimer = setTimeout(() => this.#armEndTimer(), remaining);
  }

  #beginDrain(): void {
    if (this.#phase !== 'running') return;
    this.#runDue(this.#clock());
    this.#phase = 'draining';
    this.#clearScheduling();
    this.#cancelRetries();
    if (this.#inFlight === 0) {
      this.#finish();
      return;
    }
    this.#drainTimer = setTimeout(() => void this.#abortInFlight(), this.#spec.timeoutMs);
  }

  async #abortInFlight(): Promise<void> {
    this.#aborting = true;
    await this.#dispatcher.destroy().catch(() => undefined);
    if (this.#phase === 'draining') {
      // undici reported every request it held; anything left was never handed back: count it
      if (this.#inFlight > 0) {
        const bucket = this.#bucketAt(this.#clock());
        bucket.status.timeout += this.#inFlight;
        if (this.#retryOn?.timeout) bucket.gaveUp += this.#inFlight;
        this.#inFlight = 0;
      }
      this.#finish();
    }
  }

  #clearScheduling(): void {
    clearTimeout(this.#tickTimeout);
    clearImmediate(this.#tickImmediate);
    clearTimeout(this.#endTimer);
    this.#tickTimeout = undefined;
    this.#tickImmediate = undefined;
    this.#endTimer = undefined;
  }

  #finish(): void {
    if (this.#phase === 'finished') return;
    const started = this.#phase !== 'idle' && this.#phase !== 'waiting';
    this.#cancelRetries();
    this.#phase = 'finished';
    this.#clearScheduling();
    clearTimeout(this.#flushTimer);
    clearTimeout(this.#drainTimer);
    if (started) this.#postBefore(Math.floor(this.#clock() / this.#intervalMs) + 1);
    this.#post({
      type: 'done',
      worker: this.#worker,
      buckets: this.#posted,
      serviceTime: encodeHistogram(this.#serviceTime),
      scheduleLag: encodeHistogram(this.#scheduleLag),
      bodyBytes: this.bodyBytes,
    });
    this.#resolveDone();
  }

  get posted(): number {
    return this.#posted;
  }
}
