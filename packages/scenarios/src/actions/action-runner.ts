/**
 * Timeline actions: one small interface, one implementation per action kind (actions/<kind>.ts). The orchestrator
 * fires them at their times and records what each returns as the event's detail.
 */
import type { Backend } from '@stampede/fake-backend';
import type { CacheAdapter } from '../caches/adapter.js';
import type { ActionKind, ActionOf, ScenarioSpec } from '../scenario-spec/index.js';

export interface ActionContext {
  readonly cache: CacheAdapter;
  readonly origin: Backend;
  readonly spec: ScenarioSpec;
  /** the URL path the load generator requests for the key of popularity rank `rank` (1 = hottest) */
  keyPath(rank: number): string;
  /** the URL path of a named key (k1 is the hottest) */
  pathOf(key: string): string;
  /** run `fn` after `ms` unless the run ends first (e.g. undoing a timed slowdown); failures become fault events */
  later(ms: number, label: string, fn: () => void | Promise<void>): void;
}

/** What an action did, as plain data for the event's `detail`. */
export type ActionDetail = Record<string, unknown>;

export interface ActionRunner<K extends ActionKind = ActionKind> {
  readonly kind: K;
  run(action: ActionOf<K>, ctx: ActionContext): Promise<ActionDetail>;
}

/** Declares a runner with its kind checked against the action union. */
export function defineAction<K extends ActionKind>(
  kind: K,
  run: (action: ActionOf<K>, ctx: ActionContext) => Promise<ActionDetail>,
): ActionRunner<K> {
  return { kind, run };
}
