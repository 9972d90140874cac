/**
 * The kubernetes engine as the CLI builds it: @kubernetes/client-node costs about a second of CPU to import, so it is
 * loaded only when a Job is launched, and every other command (and every shard process) starts without it. The
 * options are still checked at once, before anything runs (a bad --cpu is a usage error, not a failure at launch).
 */
import type { ShardEngine } from '../shard-engine.js';
import type { KubernetesEngineOptions } from './kubernetes-engine.js';
import { pickPodOptions, shardPodOptions } from './shard-pod-options.js';

export function lazyKubernetesEngine(options: KubernetesEngineOptions = {}): ShardEngine {
  shardPodOptions(pickPodOptions(options));
  return {
    name: 'kubernetes',
    launch: async (plan) => (await import('./kubernetes-engine.js')).kubernetesEngine(options).launch(plan),
  };
}
