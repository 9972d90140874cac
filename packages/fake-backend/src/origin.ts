/**
 * The capacity-limited origin: the request handler behind the origin server. It owns the service slots, the FIFO
 * waiting room, the pause switch and every timer; policy (admission, service time, response content) lives in the
 * pure modules it calls.
 *
 * Lifecycle of a request:
 *   arrival -> admit() -> reject: 503 at once (queue full)
 *                      -> queue:  wait; leave with 503 once older than queueTimeoutMs, or leave silently (abandoned)
 *                                 when the client disconnects (unless serveAbandoned: then it is served, in vain)
 *                      -> serve:  hold a slot for serviceTimeMs() (one setTimeout), then write the item response
 * The health path (health.ts) is not an arrival: it is answered 200 at once and counted as a probe.
 * Invariants: inflight <= max(concurrency, inflight before a lowering); queued <= queue except right after the
 * queue was lowered at run time (waiters already in stay); nothing is kept per rejected request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admit, type AdmissionState } from './admission.js';
import { BodyCache } from './body-cache.js';
import type { Clock } from './clock.js';
import { HEALTH_BODY, HEALTH_HEADERS, isHealthRequest } from './health.js';
import { itemResponse } from './item-response.js';
import { applyRuntimeConfig, validateRuntimeConfig, type BackendOptions } from './options.js';
import { seededRng, type Rng } from './seeded-rng.js';
import { serviceTimeMs } from './service-time.js';
import { StatsCollector, type BackendStats } from './stats.js';
import { WaitQueue, type WaitNode } from './wait-queue.js';

interface Waiting {
  req: IncomingMessage;
  res: ServerResponse;
  /** clock time the request joined the queue */
  since: number;
  node: WaitNode<Waiting> | undefined;
  onClose: (() => void) | undefined;
}

interface Job {
  req: IncomingMessage;
  res: ServerResponse;
  timer: NodeJS.Timeout | undefined;
}

const OVERLOADED = Buffer.from('overloaded\n');

/** Flat header list for writeHead: built once per origin, so a 503 allocates nothing of its own. */
function rejectHeaders(retryAfterS: number, reason: 'queue-full' | 'queue-timeout'): string[] {
  return [
    'Retry-After', String(retryAfterS),
    'Cache-Control', 'no-store',
    'Content-Type', 'text/plain; charset=utf-8',
    'Content-Length', String(OVERLOADED.length),
    'X-Origin-Reject', reason,
  ];
}

export interface OriginOptions {
  config: BackendOptions;
  clock: Clock;
}

export class Origin {
  readonly #clock: Clock;
  readonly #stats: StatsCollector;
  readonly #queue = new WaitQueue<Waiting>();
  readonly #jobs = new Set<Job>();
  readonly #serviceRng: Rng;
  readonly #jitterRng: Rng;
  readonly #bodies = new BodyCache();
  readonly #headersQueueFull: string[];
  readonly #headersQueueTimeout: string[];
  #config: BackendOptions;
  #inflight = 0;
  #paused = false;
  #pauseTimer: NodeJS.Timeout | undefined;
  #resumeAt: number | undefined;
  /** jobs whose service time ended while paused: they complete on resume */
  #frozen: Job[] = [];
  #sweepTimer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #admission: AdmissionState = { inflight: 0, queued: 0, concurrency: 1, queue: 0, paused: false };

  constructor(options: OriginOptions) {
    this.#config = options.config;
    this.#clock = options.clock;
    this.#stats = new StatsCollector({ intervalMs: options.config.intervalMs, clock: options.clock });
    this.#serviceRng = seededRng(options.config.seed, 0);
    this.#jitterRng = seededRng(options.config.seed, 1);
    this.#headersQueueFull = rejectHeaders(options.config.retryAfterS, 'queue-full');
    this.#headersQueueTimeout = rejectHeaders(options.config.retryAfterS, 'queue-timeout');
  }

  get config(): BackendOptions {
    return this.#config;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** epoch ms a timed pause ends, or undefined (not paused, or paused until resume()) */
  get resumeAt(): number | undefined {
    return this.#resumeAt;
  }

  /** The node:http request listener. Every request is an arrival, whatever its path, except the health path. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (isHealthRequest(req.url)) {
      // a cache's health probe: answered at once, outside slots and queue, counted apart from arrivals
      this.#stats.probe();
      res.writeHead(200, HEALTH_HEADERS as string[]);
      res.end(req.method === 'HEAD' ? undefined : HEALTH_BODY);
      return;
    }
    this.#stats.arrival();
    // One reused record rather than a fresh object per arrival: the 503 path should allocate nothing of its own.
    const s = this.#admission;
    s.inflight = this.#inflight;
    s.queued = this.#queue.length;
    s.concurrency = this.#config.concurrency;
    // once closed nothing is served or queued any more: late arrivals on open keep-alive sockets get a 503
    s.queue = this.#closed ? 0 : this.#config.queue;
    s.paused = this.#paused || this.#closed;
    const decision = admit(s);
    if (decision === 'reject') {
      this.#stats.rejected('queueFull');
      res.writeHead(503, this.#headersQueueFull);
      res.end(OVERLOADED);
    } else if (decision === 'serve') {
      this.#start(req, res);
    } else {
      this.#enqueue(req, res);
    }
  };

  stats(): BackendStats {
    return { ...this.#stats.snapshot(), paused: this.#paused, config: this.#config };
  }

  /** Validate and apply a run-time patch; returns the new config. Raising concurrency starts waiters at once. */
  configure(patch: unknown): BackendOptions {
    const valid = validateRuntimeConfig(patch);
    this.#config = applyRuntimeConfig(this.#config, valid);
    if (valid.queueTimeoutMs !== undefined) this.#rearmSweep();
    this.#drain();
    return this.#config;
  }

  reset(): void {
    this.#stats.reset();
  }

  /** Freeze the origin: no service starts or completes until resume() or `ms` later. Waiters still time out. */
  pause(ms?: number): void {
    if (this.#closed) return;
    this.#paused = true;
    clearTimeout(this.#pauseTimer);
    this.#pauseTimer = undefined;
    this.#resumeAt = undefined;
    if (ms !== undefined) {
      this.#resumeAt = this.#clock() + ms;
      this.#pauseTimer = setTimeout(() => this.resume(), ms);
    }
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    clearTimeout(this.#pauseTimer);
    this.#pauseTimer = undefined;
    this.#resumeAt = undefined;
    const frozen = this.#frozen;
    this.#frozen = [];
    for (const job of frozen) this.#finish(job);
    this.#drain();
  }

  /** Stop every timer. Sockets are the server's to destroy; after this no response is written. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#pauseTimer);
    clearTimeout(this.#sweepTimer);
    this.#pauseTimer = undefined;
    this.#sweepTimer = undefined;
    for (const job of this.#jobs) clearTimeout(job.timer);
    this.#jobs.clear();
    this.#frozen = [];
    for (let w = this.#queue.shift(); w !== undefined; w = this.#queue.shift()) {
      if (w.onClose !== undefined) w.res.off('close', w.onClose);
    }
  }

  #gauges(): void {
    this.#stats.gauges(this.#inflight, this.#queue.length);
  }

  #start(req: IncomingMessage, res: ServerResponse): void {
    this.#inflight += 1;
    this.#gauges();
    const c = this.#config;
    const ms = serviceTimeMs(
      c.serviceTime,
      { inflight: this.#inflight, concurrency: c.concurrency, contention: c.contention },
      this.#serviceRng,
    );
    const job: Job = { req, res, timer: undefined };
    job.timer = setTimeout(this.#onServiceTime, ms, job);
    this.#jobs.add(job);
  }

  readonly #onServiceTime = (job: Job): void => {
    job.timer = undefined;
    if (this.#paused) this.#frozen.push(job);
    else {
      this.#finish(job);
      this.#drain();
    }
  };

  /** Write the response (unless the client left) and free the slot. */
  #finish(job: Job): void {
    this.#jobs.delete(job);
    const { req, res } = job;
    if (res.destroyed) {
      this.#stats.abandoned();
    } else {
      const r = itemResponse(
        { method: req.method, url: req.url, ifNoneMatch: req.headers['if-none-match'] },
        this.#config,
        this.#clock(),
        this.#jitterRng,
        (key, version, bytes) => this.#bodies.get(key, version, bytes),
      );
      res.writeHead(r.status, r.headers);
      res.end(r.body);
      this.#stats.served();
    }
    this.#inflight -= 1;
    this.#gauges();
  }

  #enqueue(req: IncomingMessage, res: ServerResponse): void {
    const w: Waiting = { req, res, since: this.#clock(), node: undefined, onClose: undefined };
    w.node = this.#queue.push(w);
    w.onClose = () => {
      if (w.node !== undefined && this.#queue.remove(w.node)) {
        this.#stats.abandoned();
        this.#gauges();
      }
    };
    // a server that cannot see disconnects keeps the waiter: its service is wasted work (#finish counts it abandoned)
    if (!this.#config.serveAbandoned) res.once('close', w.onClose);
    this.#gauges();
    this.#armSweep();
  }

  /** Leave the queue (for service or a 503): the disconnect watcher is no longer needed. */
  #dequeue(): Waiting | undefined {
    const w = this.#queue.shift();
    if (w?.onClose !== undefined) w.res.off('close', w.onClose);
    return w;
  }

  /** Start waiters while slots are free; a waiter already past its timeout gets its 503 instead. */
  #drain(): void {
    if (this.#paused || this.#closed) return;
    let changed = false;
    while (this.#inflight < this.#config.concurrency && this.#queue.length > 0) {
      const w = this.#dequeue();
      if (w === undefined) break;
      changed = true;
      if (this.#clock() - w.since >= this.#config.queueTimeoutMs) this.#rejectTimedOut(w);
      else this.#start(w.req, w.res);
    }
    if (changed) this.#gauges();
  }

  #rejectTimedOut(w: Waiting): void {
    this.#stats.rejected('queueTimeout');
    w.res.writeHead(503, this.#headersQueueTimeout);
    w.res.end(OVERLOADED);
  }

  /**
   * One timer for every queue timeout, due when the head (the oldest waiter) expires. Waiters behind it are
   * younger, so the sweep only ever looks at the head; a timer left pointing at a head that has since been served
   * fires early, finds nothing expired and re-arms for the new head.
   */
  #armSweep(): void {
    if (this.#sweepTimer !== undefined || this.#closed) return;
    const head = this.#queue.peek();
    if (head === undefined) return;
    const dueIn = head.since + this.#config.queueTimeoutMs - this.#clock();
    this.#sweepTimer = setTimeout(this.#sweep, Math.max(1, Math.ceil(dueIn)));
  }

  #rearmSweep(): void {
    clearTimeout(this.#sweepTimer);
    this.#sweepTimer = undefined;
    this.#armSweep();
  }

  readonly #sweep = (): void => {
    this.#sweepTimer = undefined;
    const deadline = this.#clock() - this.#config.queueTimeoutMs;
    let expired = false;
    for (let head = this.#queue.peek(); head !== undefined && head.since <= deadline; head = this.#queue.peek()) {
      this.#dequeue();
      this.#rejectTimedOut(head);
      expired = true;
    }
    if (expired) this.#gauges();
    this.#armSweep();
  };
}
