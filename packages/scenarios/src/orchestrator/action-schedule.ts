/**
 * The scenario's timeline actions, each fired at its `at` seconds after the measured load started, plus the
 * follow-ups actions schedule themselves (ActionContext.later). Every timer is cleared by cancel().
 */
import type { Backend } from '@stampede/fake-backend';
import { epochNow } from '@stampede/loadgen';
import { runAction, type ActionContext } from '../actions/index.js';
import type { CacheAdapter } from '../caches/adapter.js';
import type { ReportEvent } from '../record/report.js';
import type { ScenarioSpec, TimelineStep } from '../scenario-spec/index.js';
import { errorText, faultEvent } from './fault-event.js';
import { keyPath, pathOf } from './item-paths.js';

export class ActionSchedule {
  /** seconds after the load's start of the last timeline action (0 without actions) */
  readonly lastAtS: number;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #spec: ScenarioSpec;
  readonly #ctx: ActionContext;
  readonly #record: (event: ReportEvent) => void;
  #pending: number;
  #inFlight = 0;

  constructor(spec: ScenarioSpec, cache: CacheAdapter, origin: Backend, record: (event: ReportEvent) => void) {
    this.#spec = spec;
    this.#record = record;
    this.#pending = spec.timeline.length;
    this.lastAtS = spec.timeline.reduce((m, s) => Math.max(m, s.at), 0);
    this.#ctx = { cache, origin, spec, keyPath, pathOf, later: (ms, label, fn) => this.#later(ms, label, fn) };
  }


  /** every timeline action has finished (true from the start when there are none) */
  get done(): boolean {
    return this.#pending === 0;
  }

  /** actions running right now (a restart or reload in progress may leave the cache without processes) */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Schedules every timeline action relative to the load's start `t0` (epoch ms). */
  start(t0: number): void {
    for (const step of this.#spec.timeline) {
      this.#setTimer(() => {
        this.#inFlight += 1;
        void fire(step, this.#ctx, this.#record).finally(() => {
          this.#inFlight -= 1;
          this.#pending -= 1;
        });
      }, t0 + step.at * 1000);
    }
  }

  cancel(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #later(ms: number, label: string, fn: () => void | Promise<void>): void {
    this.#setTimer(() => {
      this.#record({ t: epochNow(), action: label, detail: {}, kind: 'action' });
      Promise.resolve()
        .then(fn)
        .catch((err: unknown) => this.#record(faultEvent(label, err)));
    }, epochNow() + ms);
  }

  /**
   * Runs `fn` at epoch ms `at`, never before: Node's timers are whole ms and may fire up to a ms early, which would
   * put an action due at a bucket boundary into the bucket before it (and the analysis's fault with it).
   */
  #setTimer(fn: () => void, at: number): void {
    const arm = (): void => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        if (epochNow() < at) arm();
        else fn();
      }, Math.max(0, Math.ceil(at - epochNow())));
      this.#timers.add(timer);
    };
    arm();
  }
}

async function fire(step: TimelineStep, ctx: ActionContext, record: (e: ReportEvent) => void): Promise<void> {
  const { at, ...action } = step;
  const t = epochNow();
  try {
    const detail = await runAction(action, ctx);
    record({ t, action: action.action, detail: { atS: at, ...detail, tookMs: Math.round((epochNow() - t) * 10) / 10 }, kind: 'action' });
  } catch (err) {
    record({ t, action: action.action, detail: { atS: at, error: errorText(err) }, kind: 'action' });
    record(faultEvent(action.action, err));
  }
}
