/**
 * The load generator's clients in virtual time: per-attempt timeouts and retries, as loadgen's worker-runner does
 * them (retry-policy.ts's own backoffDelayMs and RetryBudget, one budget and one jitter stream per worker).
 *
 * - An attempt not answered `timeoutMs` after it was sent counts as `timeout` then (undici's headersTimeout); its
 *   answer, if one comes later, is ignored. The cache is told the client has gone (`CacheModel.abandon`): an
 *   uncoalesced fetch of its own is aborted (see there), a coalesced one carries on for the others.
 *   Timeouts are armed in send order (every attempt has the same timeout), so one sweep event serves them all, as
 *   the origin's queue timeout does.
 * - An attempt the cache fails without an answer (CONN_ERROR: an in-place restart) counts as `connError` then, not
 *   as a response, and records no latency, as the generator's onFailure.
 * - A failed attempt (503, other 5xx, timeout, connError) whose outcome the policy retries is sent again for the
 *   same key after backoffDelayMs, unless attempts are exhausted, the budget refuses (then budgetDenied), or the
 *   schedule is over when it fails or when the retry is due (then the request gives up). `sent` counts first
 *   attempts only; every attempt's outcome is counted; latency is recorded once per logical request, from its first
 *   attempt's intended time to its last answer, and not for one that ends in a timeout or a connError.
 * Not modelled: the generator's maxInFlight (no drops), its connection limit.
 */
import { backoffDelayMs, createRng, deriveSeed, RETRY_STREAM, RetryBudget, type LoadRng, type RetryPolicy } from '@stampede/loadgen';
import { CONN_ERROR, type CacheOutcomeCode, type ResponseSink, type SimStatus } from './cache-model.js';
import type { EventQueue } from './event-queue.js';

export const CLIENT_TIMEOUT = 20;
export const CLIENT_RETRY = 21;

/** Seed stream of the delays of retries after a timeout (the generator's streams are 1-3: pacer, keys, retry). */
export const TIMEOUT_RETRY_STREAM = 101;

/** undici's fast-timer tick (lib/util/timers.js TICK_MS): what each tick adds to its own clock */
export const TIMER_TICK_MS = 499;

/**
 * How often the ticks come in real time: a tick re-arms a 499 ms Node timer when it has run, and Node fires a timer
 * a ms or so late. Measured here (undici 7.30, 500 requests/s from one thread, a 1 s headersTimeout on every 50th
 * request to a server that never answers): 30 ticks 496-503 ms apart, 499.9 on average, the first ~4 ms after the
 * first request, no drift.
 */
export const TIMER_PERIOD_MS = 500;

/**
 * When an attempt sent at `sentMs` times out: undici's headersTimeout is a fast timer, checked on its ticks (every
 * TIMER_PERIOD_MS from `phaseMs`); a timer set between two ticks counts from the one before and fires on the first
 * tick whose clock (TIMER_TICK_MS a tick) has moved `timeoutMs` past it. So a 1000 ms timeout fires on the third
 * tick, 1000-1500 ms after its send (measured: 1033-1537 ms).
 */
export function timeoutAt(sentMs: number, timeoutMs: number, phaseMs: number): number {
  const before = phaseMs + Math.floor((sentMs - phaseMs) / TIMER_PERIOD_MS) * TIMER_PERIOD_MS;
  return before + Math.ceil(timeoutMs / TIMER_TICK_MS) * TIMER_PERIOD_MS;
}

export interface ClientConfig {
  /** per-attempt timeout; undefined: never */
  timeoutMs?: number;
  /** where the generator's timer ticks fall (virtual ms, modulo TIMER_PERIOD_MS); default 0 */
  timerPhaseMs?: number;
  retry?: RetryPolicy;
  /**
   * how long after its timeout a retry reaches the cache, uniform in [min, max) (cache-mode.ts); default [0, 0]:
   * one backoff after the timeout, in the order the timeouts fired
   */
  timeoutRetryDelayMs?: readonly [number, number];
  workers: number;
  seed: number;
  /** the schedule ends here (virtual ms): a retry failing or due later gives up */
  sendUntilMs: number;
  /** epoch ms of virtual 0, for the retry budget's time slots */
  t0Ms: number;
}

/** Where the clients' outcomes are counted (the run's buckets). */
export interface ClientSink {
  /** an HTTP answer to one attempt; `latencyMs` < 0 when none is recorded (a retry follows) */
  answered(atMs: number, status: SimStatus, outcome: CacheOutcomeCode, latencyMs: number): void;
  timedOut(atMs: number): void;
  /** an attempt that got no answer: the connection to the cache failed */
  connFailed(atMs: number): void;
  retried(atMs: number): void;
  budgetDenied(atMs: number): void;
  gaveUp(atMs: number): void;
}

/** What the clients send into: the cache. */
export interface RequestTarget {
  request(reqId: number, key: number, nowMs: number): void;
  /** the client of request `reqId` has gone (timed out) */
  abandon(reqId: number, nowMs: number): void;
}

interface Attempt {
  /** intended time of the logical request's first attempt */
  first: number;
  key: number;
  worker: number;
  attempt: number;
}

export class ClientModel implements ResponseSink {
  readonly #config: ClientConfig;
  readonly #events: EventQueue;
  readonly #sink: ClientSink;
  #target: RequestTarget | undefined;
  readonly #retryOn: Record<'503' | '5xx' | 'timeout' | 'connError', boolean>;
  readonly #budgets: (RetryBudget | undefined)[] = [];
  readonly #rngs: LoadRng[] = [];
  readonly #timeoutRetryRng: LoadRng;
  /** attempts not answered at once, by request id */
  readonly #pending = new Map<number, Attempt>();
  #nextId = 0;
  // the attempt being sent: answered synchronously (a hit, a refusal) it never enters #pending
  #curId = -1;
  #cur: Attempt = { first: 0, key: 0, worker: 0, attempt: 1 };
  #answeredNow = false;
  // timeouts in send order; live entries [#toHead, length)
  #toId: number[] = [];
  #toAt: number[] = [];
  #toHead = 0;
  #sweepArmed = false;
  /** retries waiting for their delay, by slot */
  readonly #retries: (Attempt | undefined)[] = [];
  readonly #freeSlots: number[] = [];
  #retriesWaiting = 0;

  constructor(config: ClientConfig, events: EventQueue, sink: ClientSink) {
    this.#config = config;
    this.#events = events;
    this.#sink = sink;
    const on = config.retry?.on ?? [];
    this.#retryOn = {
      '503': on.includes('503'),
      '5xx': on.includes('5xx'),
      timeout: on.includes('timeout'),
      connError: on.includes('connError'),
    };
    this.#timeoutRetryRng = createRng(deriveSeed(config.seed, 0, TIMEOUT_RETRY_STREAM));
    const retry = config.retry;
    if (retry !== undefined) {
      for (let w = 0; w < config.workers; w++) {
        this.#budgets.push(retry.budget ? new RetryBudget(retry.budget, 1 / config.workers) : undefined);
        this.#rngs.push(createRng(deriveSeed(config.seed, w, RETRY_STREAM)));
      }
    }
  }

  connect(target: RequestTarget): void {
    this.#target = target;
  }

  /** true when no attempt is outstanding and no retry is waiting */
  get idle(): boolean {
    return this.#pending.size === 0 && this.#retriesWaiting === 0;
  }

  /** A logical request for `key` from worker `worker`, intended (and sent) at `nowMs`. */
  send(key: number, worker: number, nowMs: number): void {
    this.#budgets[worker]?.deposit(this.#config.t0Ms + nowMs);
    this.#attempt(nowMs, key, worker, 1, nowMs);
  }

  response(reqId: number, atMs: number, status: SimStatus, outcome: CacheOutcomeCode): void {
    let a: Attempt;
    if (reqId === this.#curId) {
      a = this.#cur;
      this.#answeredNow = true;
    } else {
      const p = this.#pending.get(reqId);
      if (p === undefined) return; // timed out before: the client has gone
      this.#pending.delete(reqId);
      a = p;
    }
    if (status === CONN_ERROR) {
      this.#sink.connFailed(atMs);
      if (this.#retryOn.connError) this.#retryOrGiveUp(a, atMs);
      return;
    }
    if (status !== 200 && this.#retryOn[status === 503 ? '503' : '5xx'] && this.#retryOrGiveUp(a, atMs)) {
      this.#sink.answered(atMs, status, outcome, -1);
      return;
    }
    this.#sink.answered(atMs, status, outcome, atMs - a.first);
  }

  /** Handles the client's events (CLIENT_TIMEOUT, CLIENT_RETRY). */
  handle(kind: number, id: number, nowMs: number): void {
    if (kind === CLIENT_TIMEOUT) {
      this.#sweepArmed = false;
      while (this.#toHead < this.#toId.length && (this.#toAt[this.#toHead] as number) <= nowMs) {
        const reqId = this.#toId[this.#toHead] as number;
        this.#advance();
        const a = this.#pending.get(reqId);
        if (a === undefined) continue;
        this.#pending.delete(reqId);
        this.#sink.timedOut(nowMs);
        this.#target?.abandon(reqId, nowMs);
        if (this.#retryOn.timeout) this.#retryOrGiveUp(a, nowMs, this.#afterTimeoutMs());
      }
      this.#armSweep();
    } else if (kind === CLIENT_RETRY) {
      const a = this.#retries[id] as Attempt;
      this.#retries[id] = undefined;
      this.#freeSlots.push(id);
      this.#retriesWaiting--;
      if (nowMs >= this.#config.sendUntilMs) {
        this.#sink.gaveUp(nowMs);
        return;
      }
      this.#sink.retried(nowMs);
      this.#attempt(a.first, a.key, a.worker, a.attempt + 1, nowMs);
    }
  }

  #attempt(first: number, key: number, worker: number, attempt: number, nowMs: number): void {
    const reqId = this.#nextId++;
    const cur = this.#cur;
    cur.first = first;
    cur.key = key;
    cur.worker = worker;
    cur.attempt = attempt;
    this.#curId = reqId;
    this.#answeredNow = false;
    (this.#target as RequestTarget).request(reqId, key, nowMs);
    this.#curId = -1;
    if (this.#answeredNow) return;
    this.#pending.set(reqId, { first, key, worker, attempt });
    const timeoutMs = this.#config.timeoutMs;
    if (timeoutMs !== undefined) {
      this.#toId.push(reqId);
      this.#toAt.push(timeoutAt(nowMs, timeoutMs, this.#config.timerPhaseMs ?? 0));
      this.#armSweep();
    }
  }

  /** How much later than its backoff a retry after a timeout reaches the cache (timeoutRetryDelayMs). */
  #afterTimeoutMs(): number {
    const range = this.#config.timeoutRetryDelayMs;
    if (range === undefined || range[1] <= 0) return 0;
    return range[0] + this.#timeoutRetryRng() * (range[1] - range[0]);
  }

  /**
   * After a failed attempt the policy retries: schedules the next one (true) or gives up (false). `extraMs` delays
   * the retry past its backoff (it is counted as retried when it reaches the cache).
   */
  #retryOrGiveUp(a: Attempt, nowMs: number, extraMs = 0): boolean {
    const policy = this.#config.retry as RetryPolicy;
    if (a.attempt >= policy.maxAttempts || nowMs >= this.#config.sendUntilMs) {
      this.#sink.gaveUp(nowMs);
      return false;
    }
    const budget = this.#budgets[a.worker];
    if (budget !== undefined && !budget.tryWithdraw(this.#config.t0Ms + nowMs)) {
      this.#sink.budgetDenied(nowMs);
      this.#sink.gaveUp(nowMs);
      return false;
    }
    const delay = backoffDelayMs(policy, a.attempt, this.#rngs[a.worker] as LoadRng);
    const slot = this.#freeSlots.pop() ?? this.#retries.length;
    // `a` may be the reused current-attempt record: keep a copy
    this.#retries[slot] = { first: a.first, key: a.key, worker: a.worker, attempt: a.attempt };
    this.#retriesWaiting++;
    this.#events.push(nowMs + delay + extraMs, CLIENT_RETRY, slot);
    return true;
  }

  #armSweep(): void {
    if (this.#sweepArmed) return;
    // attempts answered meanwhile need no timer
    while (this.#toHead < this.#toId.length && !this.#pending.has(this.#toId[this.#toHead] as number)) this.#advance();
    if (this.#toHead >= this.#toId.length) return;
    this.#sweepArmed = true;
    this.#events.push(this.#toAt[this.#toHead] as number, CLIENT_TIMEOUT, -1);
  }

  #advance(): void {
    this.#toHead++;
    if (this.#toHead > 1024 && this.#toHead * 2 > this.#toId.length) {
      this.#toId = this.#toId.slice(this.#toHead);
      this.#toAt = this.#toAt.slice(this.#toHead);
      this.#toHead = 0;
    }
  }
}
