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
 * The origin reports each fetch's end (200 or 503, at a virtual time) to its listener; it never sees keys.
 */
import { admit, serviceTimeMs, type Rng, type ServiceTimeModel } from '@stampede/fake-backend';
import type { EventQueue } from './event-queue.js';

export interface OriginModelConfig {
  concurrency: number;
  queue: number;
  queueTimeoutMs: number;
  serviceTime: ServiceTimeModel;
  contention: number;
}

export interface OriginListener {
  /** fetch `fetchId` ended at `atMs` with `status` */
  originDone(fetchId: number, status: 200 | 503, atMs: number): void;
}

/** Event kinds the origin schedules on the shared queue; the run loop hands them back to `handle`. */
export const ORIGIN_COMPLETE = 1;
export const ORIGIN_QUEUE_TIMEOUT = 2;

export class OriginModel {
  readonly #config: OriginModelConfig;
  readonly #events: EventQueue;
  readonly #rng: Rng;
  readonly #listener: OriginListener;
  #inflight = 0;
  /** waiting fetch ids and their arrival times; live entries are [#head, length) */
  #waitId: number[] = [];
  #waitSince: number[] = [];
  #head = 0;
  #sweepArmed = false;
  #busySlotMs = 0;
  #busySince = 0;
  arrivals = 0;
  rejected503 = 0;
  served = 0;
  /** arrivals that had to wait (found every slot busy, or others waiting) */
  queuedArrivals = 0;

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
    return this.#waitId.length - this.#head;
  }

  /** slot-milliseconds of service up to `nowMs` (utilisation = this / (concurrency x elapsed)) */
  busySlotMs(nowMs: number): number {
    return this.#busySlotMs + this.#inflight * (nowMs - this.#busySince);
  }

  /** A fetch arrives at `nowMs`. A rejection is reported to the listener before this returns. */
  arrive(fetchId: number, nowMs: number): void {
    this.arrivals++;
    const c = this.#config;
    switch (admit({ inflight: this.#inflight, queued: this.queued, concurrency: c.concurrency, queue: c.queue, paused: false })) {
      case 'serve':
        this.#start(fetchId, nowMs);
        return;
      case 'queue':
        this.queuedArrivals++;
        this.#waitId.push(fetchId);
        this.#waitSince.push(nowMs);
        this.#armSweep();
        return;
      case 'reject':
        this.rejected503++;
        this.#listener.originDone(fetchId, 503, nowMs);
        return;
    }
  }

  /** true when nothing is being served or waiting (a pending sweep then has nothing to do) */
  get idle(): boolean {
    return this.#inflight === 0 && this.queued === 0;
  }

  /** Handles one of the origin's events popped from the shared queue at `nowMs`. */
  handle(kind: number, fetchId: number, nowMs: number): void {
    if (kind === ORIGIN_COMPLETE) {
      this.#account(nowMs);
      this.#inflight--;
      this.served++;
      this.#listener.originDone(fetchId, 200, nowMs);
      this.#drain(nowMs);
    } else if (kind === ORIGIN_QUEUE_TIMEOUT) {
      this.#sweepArmed = false;
      const timeoutMs = this.#config.queueTimeoutMs;
      while (this.queued > 0 && nowMs - (this.#waitSince[this.#head] as number) >= timeoutMs) {
        const id = this.#shift();
        this.rejected503++;
        this.#listener.originDone(id, 503, nowMs);
      }
      this.#armSweep();
    }
  }

  #armSweep(): void {
    if (this.#sweepArmed || this.queued === 0) return;
    this.#sweepArmed = true;
    this.#events.push((this.#waitSince[this.#head] as number) + this.#config.queueTimeoutMs, ORIGIN_QUEUE_TIMEOUT, -1);
  }

  #drain(nowMs: number): void {
    while (this.#inflight < this.#config.concurrency && this.queued > 0) {
      const since = this.#waitSince[this.#head] as number;
      const id = this.#shift();
      if (nowMs - since >= this.#config.queueTimeoutMs) {
        this.rejected503++;
        this.#listener.originDone(id, 503, nowMs);
      } else {
        this.#start(id, nowMs);
      }
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
    this.#head++;
    // compact once the dead prefix dominates, so memory follows the live queue
    if (this.#head > 1024 && this.#head * 2 > this.#waitId.length) {
      this.#waitId = this.#waitId.slice(this.#head);
      this.#waitSince = this.#waitSince.slice(this.#head);
      this.#head = 0;
    }
    return id;
  }

  #account(nowMs: number): void {
    this.#busySlotMs += this.#inflight * (nowMs - this.#busySince);
    this.#busySince = nowMs;
  }
}
