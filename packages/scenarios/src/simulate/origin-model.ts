/**
 * The fake origin in virtual time: `concurrency` service slots, a bounded FIFO waiting room of `queue`, a 503 at
 * once when it is full, a 503 for a waiter once it has waited `queueTimeoutMs`, and service times from the fake
 * backend's own model (base draw x (1 + contention x inflight / concurrency), evaluated when service starts).
 * Admission is fake-backend's `admit` (FIFO: a newcomer never jumps the queue).
 *
 * Every waiter has the same timeout and joins at the tail, so waiters time out in queue order. As in the fake
 * backend, one sweep event is armed for the head's deadline at a time: when it fires it answers 503 to every
 * waiter past its timeout and re-arms for the new head; if the head was served meanwhile it finds nothing and
 * re-arms. So the event queue holds at most one timeout whatever the queue's length.
 *
 * The origin reports each fetch's end (200, 503, or NO_RESPONSE, at a virtual time) to its listener; it never
 * sees keys.
 *
 * Run-time changes, as the fake origin does them:
 * - configure (origin-capacity, origin-slowdown): new slots / waiting room / service time / contention from now on;
 *   raising the slots starts waiters at once; lowering the waiting room keeps the waiters already in.
 * - pause(ms): nothing starts or completes until it ends (a service whose time is up meanwhile completes at the
 *   resume, in order); arrivals queue or are refused as if every slot were busy; waiters still time out.
 * - down / up: while down a fetch is refused at once (NO_RESPONSE, not an arrival); at the down, every fetch in
 *   service or waiting loses its connection: NO_RESPONSE now. Their slots stay busy until their service time is up
 *   (the work is done in vain); waiters leave the queue unless serveAbandoned (then they are served in vain).
 * - abandon(fetch): the cache gave up on a fetch (its client went away): a waiter leaves the queue unless
 *   serveAbandoned; a fetch in service is finished in vain. Nothing is reported for it any more.
 */
import { admit, serviceTimeMs, type Rng, type ServiceTimeModel } from '@stampede/fake-backend';
import type { EventQueue } from './event-queue.js';

export interface OriginModelConfig {
  concurrency: number;
  queue: number;
  queueTimeoutMs: number;
  serviceTime: ServiceTimeModel;
  contention: number;
  /** a waiter whose client went away stays and is served (in vain), as a server that cannot see disconnects */
  serveAbandoned?: boolean;
}

/** The connection to the origin failed (refused, or dropped by origin-down): no HTTP status at all. */
export const NO_RESPONSE = 0;
export type OriginStatus = 200 | 503 | typeof NO_RESPONSE;

export interface OriginListener {
  /** fetch `fetchId` ended at `atMs` with `status` */
  originDone(fetchId: number, status: OriginStatus, atMs: number): void;
}

/** What origin-capacity and origin-slowdown may change at run time. */
export type OriginPatch = Partial<Pick<OriginModelConfig, 'concurrency' | 'queue' | 'serviceTime' | 'contention'>>;

/** Event kinds the origin schedules on the shared queue; the run loop hands them back to `handle`. */
export const ORIGIN_COMPLETE = 1;
export const ORIGIN_QUEUE_TIMEOUT = 2;
export const ORIGIN_RESUME = 3;

export class OriginModel {
  #config: OriginModelConfig;
  readonly #events: EventQueue;
  readonly #rng: Rng;
  readonly #listener: OriginListener;
  #inflight = 0;
  /** waiting fetch ids and their arrival times; live entries are [#head, length) */
  #waitId: number[] = [];
  #waitSince: number[] = [];
  #head = 0;
  #sweepArmed = false;
  /** ids waiting in the queue; an id in the arrays but not here left early (abandoned) and is skipped */
  readonly #waiting = new Set<number>();
  #leftEarly = 0;
  /** fetches nobody will hear about: finished (or refused) in vain */
  readonly #lost = new Set<number>();
  #paused = false;
  #pauseGeneration = 0;
  /** fetches whose service time ended while paused: they complete at the resume */
  #frozen: number[] = [];
  #down = false;
  #busySlotMs = 0;
  #busySince = 0;
  arrivals = 0;
  rejected503 = 0;
  served = 0;
  /** arrivals that had to wait (found every slot busy, or others waiting) */
  queuedArrivals = 0;
  /** fetches served or left in vain (their client gone), as the fake origin's `abandoned` */
  abandoned = 0;
  /** fetches refused while the origin was down (not arrivals) */
  refused = 0;

  constructor(config: OriginModelConfig, events: EventQueue, rng: Rng, listener: OriginListener) {
    this.#config = config;
    this.#events = events;
    this.#rng = rng;
    this.#listener = listener;
  }

  get inflight(): number {
    return this.#inflight;
  }

  get queued(): number {
    return this.#waitId.length - this.#head - this.#leftEarly;
  }

  get config(): Readonly<OriginModelConfig> {
    return this.#config;
  }

  /** slot-milliseconds of service up to `nowMs` (utilisation = this / (concurrency x elapsed)) */
  busySlotMs(nowMs: number): number {
    return this.#busySlotMs + this.#inflight * (nowMs - this.#busySince);
  }

  /** A fetch arrives at `nowMs`. A rejection is reported to the listener before this returns. */
  arrive(fetchId: number, nowMs: number): void {
    if (this.#down) {
      this.refused++;
      this.#listener.originDone(fetchId, NO_RESPONSE, nowMs);
      return;
    }
    this.arrivals++;
    const c = this.#config;
    switch (admit({ inflight: this.#inflight, queued: this.queued, concurrency: c.concurrency, queue: c.queue, paused: this.#paused })) {
      case 'serve':
        this.#start(fetchId, nowMs);
        return;
      case 'queue':
        this.queuedArrivals++;
        this.#waitId.push(fetchId);
        this.#waitSince.push(nowMs);
        this.#waiting.add(fetchId);
        this.#armSweep();
        return;
      case 'reject':
        this.rejected503++;
        this.#listener.originDone(fetchId, 503, nowMs);
        return;
    }
  }

  /** New settings from now on (origin-capacity, origin-slowdown); more slots start waiters at once. */
  configure(patch: OriginPatch, nowMs: number): void {
    this.#config = { ...this.#config, ...patch };
    this.#drain(nowMs);
  }

  /** Freeze for `ms` from `nowMs` (a pause while paused restarts the countdown, as the fake origin's). */
  pause(ms: number, nowMs: number): void {
    this.#paused = true;
    this.#pauseGeneration++;
    this.#events.push(nowMs + ms, ORIGIN_RESUME, this.#pauseGeneration);
  }

  /** The origin goes away: what is in service or waiting gets no response, new fetches are refused. */
  down(nowMs: number): void {
    if (this.#down) return;
    this.#down = true;
    const lost: number[] = [];
    for (const id of this.#events.idsOf(ORIGIN_COMPLETE)) if (!this.#lost.has(id)) lost.push(id);
    for (const id of this.#frozen) if (!this.#lost.has(id)) lost.push(id);
    for (let i = this.#head; i < this.#waitId.length; i++) {
      const id = this.#waitId[i] as number;
      if (!this.#waiting.has(id) || this.#lost.has(id)) continue;
      lost.push(id);
    }
    for (const id of lost) this.#abandon(id);
    for (const id of lost) this.#listener.originDone(id, NO_RESPONSE, nowMs);
  }

  up(): void {
    this.#down = false;
  }

  /** The cache gave up on `fetchId` (see the file comment); nothing more is reported for it. */
  abandon(fetchId: number): void {
    this.#abandon(fetchId);
  }

  #abandon(id: number): void {
    if (this.#waiting.has(id) && this.#config.serveAbandoned !== true) {
      this.#waiting.delete(id);
      this.#leftEarly++;
      this.abandoned++;
    } else {
      this.#lost.add(id);
    }
  }

  /** true when nothing is being served or waiting (a pending sweep then has nothing to do) */
  get idle(): boolean {
    return this.#inflight === 0 && this.queued === 0;
  }

  /** Handles one of the origin's events popped from the shared queue at `nowMs`. */
  handle(kind: number, fetchId: number, nowMs: number): void {
    if (kind === ORIGIN_COMPLETE) {
      if (this.#paused) {
        this.#frozen.push(fetchId);
        return;
      }
      this.#complete(fetchId, nowMs);
      this.#drain(nowMs);
    } else if (kind === ORIGIN_QUEUE_TIMEOUT) {
      this.#sweepArmed = false;
      const timeoutMs = this.#config.queueTimeoutMs;
      for (;;) {
        this.#skipLeftEarly();
        if (this.queued === 0 || nowMs - (this.#waitSince[this.#head] as number) < timeoutMs) break;
        this.#reject(this.#shift(), nowMs);
      }
      this.#armSweep();
    } else if (kind === ORIGIN_RESUME) {
      if (fetchId !== this.#pauseGeneration || !this.#paused) return;
      this.#paused = false;
      const frozen = this.#frozen;
      this.#frozen = [];
      for (const id of frozen) this.#complete(id, nowMs);
      this.#drain(nowMs);
    }
  }

  #complete(fetchId: number, nowMs: number): void {
    this.#account(nowMs);
    this.#inflight--;
    if (this.#lost.delete(fetchId)) {
      this.abandoned++;
      return;
    }
    this.served++;
    this.#listener.originDone(fetchId, 200, nowMs);
  }

  #reject(fetchId: number, nowMs: number): void {
    this.rejected503++;
    if (this.#lost.delete(fetchId)) return;
    this.#listener.originDone(fetchId, 503, nowMs);
  }

  #armSweep(): void {
    this.#skipLeftEarly();
    if (this.#sweepArmed || this.queued === 0) return;
    this.#sweepArmed = true;
    this.#events.push((this.#waitSince[this.#head] as number) + this.#config.queueTimeoutMs, ORIGIN_QUEUE_TIMEOUT, -1);
  }

  #drain(nowMs: number): void {
    if (this.#paused) return;
    for (;;) {
      this.#skipLeftEarly();
      if (this.#inflight >= this.#config.concurrency || this.queued === 0) break;
      const since = this.#waitSince[this.#head] as number;
      const id = this.#shift();
      if (nowMs - since >= this.#config.queueTimeoutMs) this.#reject(id, nowMs);
      else this.#start(id, nowMs);
    }
  }

  /** drops abandoned waiters from the head, so the head is a live waiter (or the queue is empty) */
  #skipLeftEarly(): void {
    while (this.#leftEarly > 0 && this.#head < this.#waitId.length && !this.#waiting.has(this.#waitId[this.#head] as number)) {
      this.#leftEarly--;
      this.#advance();
    }
  }

  #start(fetchId: number, nowMs: number): void {
    this.#account(nowMs);
    this.#inflight++;
    const c = this.#config;
    const ms = serviceTimeMs(c.serviceTime, { inflight: this.#inflight, concurrency: c.concurrency, contention: c.contention }, this.#rng);
    this.#events.push(nowMs + ms, ORIGIN_COMPLETE, fetchId);
  }

  #shift(): number {
    const id = this.#waitId[this.#head] as number;
    this.#waiting.delete(id);
    this.#advance();
    return id;
  }

  #advance(): void {
    this.#head++;
    // compact once the dead prefix dominates, so memory follows the live queue
    if (this.#head > 1024 && this.#head * 2 > this.#waitId.length) {
      this.#waitId = this.#waitId.slice(this.#head);
      this.#waitSince = this.#waitSince.slice(this.#head);
      this.#head = 0;
    }
  }

  #account(nowMs: number): void {
    this.#busySlotMs += this.#inflight * (nowMs - this.#busySince);
    this.#busySince = nowMs;
  }
}
