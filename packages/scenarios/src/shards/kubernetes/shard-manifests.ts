/**
 * The manifests of a sharded load of a scenario, as `stampede k8s render` prints them: the shard Job (and, when
 * asked, the Service in front of the target cache). The load is the scenario's, at the full rate, aimed at the
 * cache the shards reach; each shard takes its share. Pure.
 */
import type { V1Job, V1Service } from '@kubernetes/client-node';
import { loadInput } from '../../orchestrator/load-input.js';
import { DEFAULT_INTERVAL_MS } from '../../record/bucket-width.js';
import type { ScenarioSpec } from '../../scenario-spec/index.js';
import { shardEnvVars } from '../shard-env.js';
import { renderService } from './render-service.js';
import { renderShardJob } from './render-shard-job.js';
import type { ShardPodOptions } from './shard-pod-options.js';

export interface ShardManifestsInput {
  spec: ScenarioSpec;
  shards: number;
  runId: string;
  /** the cache's base URL as the pods reach it, e.g. http://my-varnish.default.svc:6081 */
  targetUrl: string;
  /** the response header that carries HIT/MISS at that cache */
  cacheHeader: string;
  /** the controller the shards report to; or, without one, startAt */
  controllerUrl?: string;
  /** epoch ms: the common start instant when there is no controller */
  startAt?: number;
  pod: ShardPodOptions;
  /** render the target's Service, selecting these pod labels */
  service?: { selector: Readonly<Record<string, string>>; targetPort?: number };
}

export function shardManifests(input: ShardManifestsInput): [V1Job] | [V1Job, V1Service] {
  const intervalMs = input.spec.load.intervalMs ?? DEFAULT_INTERVAL_MS;
  const load = loadInput(input.spec, input.targetUrl.replace(/\/+$/, ''), input.cacheHeader, intervalMs);
  const env = shardEnvVars({
    shards: input.shards,
    runId: input.runId,
    load,
    ...(input.controllerUrl !== undefined ? { controllerUrl: input.controllerUrl } : {}),
    ...(input.startAt !== undefined ? { startAt: input.startAt } : {}),
    // the cache is in the cluster, never on the pod's loopback
    allowRemote: true,
  });
  const job = renderShardJob({ shards: input.shards, runId: input.runId, env }, input.pod);
  if (input.service === undefined) return [job];
  return [
    job,
    renderService({
      targetUrl: input.targetUrl,
      ...(input.pod.namespace !== undefined ? { namespace: input.pod.namespace } : {}),
      selector: input.service.selector,
      ...(input.service.targetPort !== undefined ? { targetPort: input.service.targetPort } : {}),
      runId: input.runId,
    }),
  ];
}
