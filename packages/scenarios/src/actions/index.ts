import type { ActionKind, ActionOf } from '../scenario-spec/index.js';
import type { ActionContext, ActionDetail, ActionRunner } from './action-runner.js';
import { ban } from './ban.js';
import { mark } from './mark.js';
import { originCapacity } from './origin-capacity.js';
import { originDown, originUp } from './origin-down.js';
import { originPause } from './origin-pause.js';
import { originSlowdown } from './origin-slowdown.js';
import { purge } from './purge.js';
import { purgeAll } from './purge-all.js';
import { reloadCacheConfig } from './reload-cache-config.js';
import { restartCache } from './restart-cache.js';
import { setOriginTtl } from './set-origin-ttl.js';

export type { ActionContext, ActionDetail, ActionRunner } from './action-runner.js';

/** Every action kind's runner; the mapped type makes a missing kind a compile error. */
const runners: { [K in ActionKind]: ActionRunner<K> } = {
  'purge-all': purgeAll,
  ban,
  purge,
  'restart-cache': restartCache,
  'set-origin-ttl': setOriginTtl,
  'origin-slowdown': originSlowdown,
  'origin-capacity': originCapacity,
  'origin-pause': originPause,
  'reload-cache-config': reloadCacheConfig,
  'origin-down': originDown,
  'origin-up': originUp,
  mark,
};

export function runAction<K extends ActionKind>(action: ActionOf<K>, ctx: ActionContext): Promise<ActionDetail> {
  const runner = runners[action.action as K] as ActionRunner<K>;
  return runner.run(action, ctx);
}
