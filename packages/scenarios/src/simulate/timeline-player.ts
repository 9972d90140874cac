/**
 * Plays a simulated timeline (sim-timeline-step.ts) against the cache and origin models at its virtual times, and
 * the follow-ups an action schedules on the shared event queue: a warm restart's warm fetches (the i-th at
 * at + the mode's restart outage + i / ratePerS, as caches/warm.ts paces them, open model), a prefetch's requests
 * (the i-th at at + i / ratePerS), a reload taking effect the mode's reloadDelayMs after it starts, and the end of a
 * timed slowdown (the service time and contention from before it come back, as actions/origin-slowdown.ts does).
 * Steps at the same time play in their timeline order (the sort is stable).
 */
import { scaledServiceTime } from '../actions/origin-slowdown.js';
import type { CacheModel } from './cache-model.js';
import type { EventQueue } from './event-queue.js';
import type { OriginModel } from './origin-model.js';
import { simKeyPath, type SimTimelineStep } from './sim-timeline-step.js';

export interface TimelineTargets {
  cache: CacheModel;
  origin: OriginModel;
  events: EventQueue;
  /** the load's key count (a purge of the top N stops there, as the real action) */
  keys: number;
}

const WARM_SEND = 10;
const LATER = 11;
const PREFETCH_SEND = 12;

export class TimelinePlayer {
  readonly #steps: SimTimelineStep[];
  readonly #t: TimelineTargets;
  #next = 0;
  readonly #later: (() => void)[] = [];

  constructor(steps: readonly SimTimelineStep[], targets: TimelineTargets) {
    this.#steps = [...steps].sort((a, b) => a.at - b.at);
    this.#t = targets;
  }

  /** virtual ms of the next step, Infinity when none is left */
  get nextAtMs(): number {
    const s = this.#steps[this.#next];
    return s === undefined ? Number.POSITIVE_INFINITY : s.at * 1000;
  }

  playNext(nowMs: number): void {
    const step = this.#steps[this.#next++];
    if (step !== undefined) this.#play(step, nowMs);
  }

  /** Handles one of the player's own events (WARM_SEND, PREFETCH_SEND, LATER). */
  handle(kind: number, id: number, nowMs: number): void {
    if (kind === WARM_SEND) this.#t.cache.warmFetch(id, nowMs);
    else if (kind === PREFETCH_SEND) this.#t.cache.prefetch(id, nowMs);
    else if (kind === LATER) {
      const fn = this.#later[id];
      delete this.#later[id];
      fn?.();
    }
  }

  #play(step: SimTimelineStep, nowMs: number): void {
    const { cache, origin, events } = this.#t;
    switch (step.action) {
      case 'purge-all':
        cache.purgeAll();
        return;
      case 'purge-keys':
        cache.purgeKeys(step.keys.filter((k) => k < this.#t.keys));
        return;
      case 'ban': {
        const re = new RegExp(step.pattern);
        cache.ban((key) => {
          re.lastIndex = 0;
          return re.test(simKeyPath(key));
        });
        return;
      }
      case 'set-origin-ttl':
        cache.setOriginFreshness(step);
        return;
      case 'restart-cache':
        if (step.mode === 'cold') {
          cache.restartCold(nowMs);
          return;
        }
        {
          const n = Math.min(step.topN, this.#t.keys);
          cache.warmBegin(n, nowMs);
          // an in-place restart is warmed once the cache serves again (the real action warms after it returns)
          const from = nowMs + cache.behaviour.restartOutageMs;
          for (let i = 0; i < n; i++) events.push(from + (i * 1000) / step.ratePerS, WARM_SEND, i);
        }
        return;
      case 'reload-cache-config': {
        const change = {
          ...(step.coalescing !== undefined ? { coalescing: step.coalescing } : {}),
          ...(step.grace !== undefined ? { graceS: step.grace === false ? 0 : step.grace.seconds } : {}),
          ...(step.ttlOverrideS !== undefined ? { ttlOverrideS: step.ttlOverrideS } : {}),
          ...(step.maxCount !== undefined ? { maxCount: step.maxCount } : {}),
        };
        // it takes effect when the real reload would have switched (Varnish compiles the VCL first)
        const delay = cache.behaviour.reloadDelayMs;
        if (delay > 0) this.#schedule(nowMs + delay, () => cache.reconfigure(change));
        else cache.reconfigure(change);
        return;
      }
      case 'origin-pause':
        origin.pause(step.durationS * 1000, nowMs);
        return;
      case 'origin-down':
        origin.down(nowMs);
        return;
      case 'origin-up':
        origin.up();
        return;
      case 'origin-slowdown': {
        const before = origin.config;
        origin.configure(
          {
            serviceTime: step.serviceTime ?? scaledServiceTime(before.serviceTime, step.factor ?? 1),
            ...(step.contention !== undefined ? { contention: step.contention } : {}),
          },
          nowMs,
        );
        if (step.durationS !== undefined) {
          const restore = { serviceTime: before.serviceTime, contention: before.contention };
          this.#schedule(nowMs + step.durationS * 1000, () => origin.configure(restore, nowMs + (step.durationS as number) * 1000));
        }
        return;
      }
      case 'origin-capacity':
        origin.configure(
          {
            ...(step.concurrency !== undefined ? { concurrency: step.concurrency } : {}),
            ...(step.queue !== undefined ? { queue: step.queue } : {}),
          },
          nowMs,
        );
        return;
      case 'mark':
        return;
      case 'prefetch': {
        const n = Math.min(step.topN, this.#t.keys);
        for (let i = 0; i < n; i++) events.push(nowMs + (i * 1000) / step.ratePerS, PREFETCH_SEND, i);
        return;
      }
    }
  }

  #schedule(atMs: number, fn: () => void): void {
    this.#later.push(fn);
    this.#t.events.push(atMs, LATER, this.#later.length - 1);
  }
}
