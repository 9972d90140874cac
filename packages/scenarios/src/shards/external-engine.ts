/**
 * Engine `external`: the shards are started by someone else — `kubectl apply` of the manifests `stampede k8s render
 * --controller-url URL --run-id ID` printed, a GitOps tool, a script on other machines — with the same contract.
 * The controller only waits for them at the barrier (they must carry the run's id) and runs everything else as
 * usual. It cannot see them end, nor remove them: a shard that never reports is found by the barrier's deadline
 * and by the result deadline, as with any engine.
 */
import type { ShardEngine, ShardFleet } from './shard-engine.js';

export function externalEngine(options: { log?: (line: string) => void } = {}): ShardEngine {
  return {
    name: 'external',
    launch: (plan) => {
      options.log?.(
        `waiting for ${plan.shards} shard${plan.shards === 1 ? '' : 's'} of run ${plan.runId} started outside stampede ` +
          `(their ${'STAMPEDE_CONTROLLER_URL'} must reach this controller)`,
      );
      const fleet: ShardFleet = {
        description: `${plan.shards} shards started outside stampede`,
        onExit: () => undefined,
        stop: () => Promise.resolve(),
      };
      return Promise.resolve(fleet);
    },
  };
}
