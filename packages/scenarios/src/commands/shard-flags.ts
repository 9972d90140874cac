/**
 * `stampede run --shards N [--engine local|kubernetes]` and the flags of a sharded run, as ShardingOptions.
 * The kubernetes pod flags (--image, --namespace, --cpu, --memory, --image-pull-policy) are the kubernetes
 * engine's own options, checked there (shards/kubernetes/shard-pod-options.ts).
 */
import type { Argv } from 'yargs';
import { parseDuration } from '@stampede/loadgen';
import { externalEngine } from '../shards/external-engine.js';
import { localEngine } from '../shards/local-engine.js';
import { lazyKubernetesEngine } from '../shards/kubernetes/lazy-kubernetes-engine.js';
import type { ShardEngine } from '../shards/shard-engine.js';
import type { ShardingOptions } from '../shards/sharding-options.js';
import { UsageError } from '../usage/usage-error.js';

export const MAX_SHARDS = 1024;
/** past the load's end and the barrier: time for the drain, the results and the Job's own start */
const JOB_DEADLINE_MARGIN_S = 300;
const ENGINES = ['local', 'kubernetes', 'external'] as const;

export interface ShardFlags {
  shards?: number;
  engine: (typeof ENGINES)[number];
  'max-clock-offset'?: string;
  'barrier-timeout'?: string;
  'controller-listen'?: string;
  'controller-url'?: string;
  'target-url'?: string;
  image?: string;
  namespace?: string;
  cpu?: string;
  memory?: string;
  'image-pull-policy'?: string;
}

export function shardFlags<T>(y: Argv<T>): Argv<T & ShardFlags> {
  return y
    .option('shards', { type: 'number', describe: `split the load over N generator processes (1-${MAX_SHARDS}), each at rate/N; one merged report` })
    .option('engine', { type: 'string', choices: ENGINES, default: 'local', describe: 'where the shards run: local (processes on this machine), kubernetes (an Indexed Job, current kubeconfig) or external (shards you start, e.g. stampede k8s render applied with kubectl, with the same --run-id)' })
    .option('max-clock-offset', { type: 'string', describe: 'largest shard clock offset accepted and corrected (default: one bucket), e.g. 2s' })
    .option('barrier-timeout', { type: 'string', describe: 'how long every shard gets to reach the start barrier (default 60s)' })
    .option('controller-listen', { type: 'string', describe: 'host:port the controller listens on for shards (default 127.0.0.1:0; kubernetes: an address the pods reach, e.g. 0.0.0.0:7070)' })
    .option('controller-url', { type: 'string', describe: 'the controller URL shards are given, when it differs from the listening address (e.g. behind a port-forward or a Service)' })
    .option('target-url', { type: 'string', describe: 'the cache base URL as the shards reach it (kubernetes: a Service in the cluster); default: the cache stampede started' })
    .option('image', { type: 'string', describe: 'kubernetes: the shard image (built from the repository Dockerfile)' })
    .option('namespace', { type: 'string', describe: 'kubernetes: the namespace of the Job (default: the kubeconfig context\'s)' })
    .option('cpu', { type: 'string', describe: 'kubernetes: CPU per shard, request = limit (default 1)' })
    .option('memory', { type: 'string', describe: 'kubernetes: memory per shard, request = limit (default 512Mi)' })
    .option('image-pull-policy', { type: 'string', describe: 'kubernetes: Always, IfNotPresent or Never' }) as unknown as Argv<T & ShardFlags>;
}

/**
 * The flags as ShardingOptions, or undefined without --shards.
 * @throws UsageError naming every bad flag at once
 */
export function shardingOptions(
  args: ShardFlags,
  log?: (line: string) => void,
  onResults?: ShardingOptions['onResults'],
  /** the measured load's longest duration, s: a kubernetes Job is failed by the cluster well after it */
  loadDurationS?: number,
): ShardingOptions | undefined {
  const problems: string[] = [];
  const kubernetesOnly = (['image', 'namespace', 'cpu', 'memory', 'image-pull-policy'] as const).filter((f) => args[f] !== undefined);
  if (args.shards === undefined) {
    const stray = [...kubernetesOnly, ...(['max-clock-offset', 'barrier-timeout', 'controller-listen', 'controller-url', 'target-url'] as const).filter((f) => args[f] !== undefined)];
    if (stray.length > 0) throw new UsageError([`--${stray[0]} needs --shards N`]);
    return undefined;
  }
  if (!Number.isInteger(args.shards) || args.shards < 1 || args.shards > MAX_SHARDS) problems.push(`--shards must be a whole number from 1 to ${MAX_SHARDS} (got ${args.shards})`);
  if (args.engine !== 'kubernetes' && kubernetesOnly.length > 0) problems.push(`--${kubernetesOnly[0]} is for --engine kubernetes`);
  if (args.engine !== 'local') {
    // pods (or other machines) reach neither the cache nor the controller on this machine's loopback
    if (args['target-url'] === undefined) problems.push(`--engine ${args.engine} needs --target-url: the cache as the shards reach it (e.g. a Service, see stampede k8s render --service)`);
    if (args['controller-url'] === undefined && args['controller-listen'] === undefined) {
      problems.push(`--engine ${args.engine} needs --controller-listen host:port (an address the shards reach) or --controller-url (e.g. behind a Service or port-forward)`);
    }
  }
  const ms = (flag: 'max-clock-offset' | 'barrier-timeout'): number | undefined => {
    const text = args[flag];
    if (text === undefined) return undefined;
    const r = parseDuration(text);
    if (r.ok && r.seconds > 0) return r.seconds * 1000;
    problems.push(`--${flag} must be a positive duration like 500ms, 2s or 1m (got ${JSON.stringify(text)})`);
    return undefined;
  };
  const maxClockOffsetMs = ms('max-clock-offset');
  const barrierTimeoutMs = ms('barrier-timeout');
  const listen = args['controller-listen'] !== undefined ? hostPort(args['controller-listen'], problems) : undefined;
  for (const flag of ['controller-url', 'target-url'] as const) {
    const v = args[flag];
    if (v !== undefined && !/^https?:\/\/[^/]+/.test(v)) problems.push(`--${flag} must be an http:// URL (got ${JSON.stringify(v)})`);
  }
  if (problems.length > 0) throw new UsageError(problems);
  const engine: ShardEngine =
    args.engine === 'external'
      ? externalEngine(log ? { log } : {})
      : args.engine === 'kubernetes'
      ? lazyKubernetesEngine({
          ...(log ? { log } : {}),
          // the cluster fails the Job if the controller vanished: the load's longest duration, the barrier, margin
          ...(loadDurationS !== undefined ? { activeDeadlineSeconds: Math.ceil(loadDurationS + (barrierTimeoutMs ?? 60_000) / 1000 + JOB_DEADLINE_MARGIN_S) } : {}),
          ...(args.image !== undefined ? { image: args.image } : {}),
          ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
          ...(args.cpu !== undefined ? { cpu: args.cpu } : {}),
          ...(args.memory !== undefined ? { memory: args.memory } : {}),
          ...(args['image-pull-policy'] !== undefined ? { imagePullPolicy: args['image-pull-policy'] as 'Always' } : {}),
        })
      : localEngine(log ? { log } : {});
  return {
    count: args.shards,
    engine,
    ...(listen ? { listen } : {}),
    ...(args['controller-url'] !== undefined ? { controllerUrl: args['controller-url'] } : {}),
    ...(args['target-url'] !== undefined ? { targetUrl: args['target-url'] } : {}),
    ...(maxClockOffsetMs !== undefined ? { maxClockOffsetMs } : {}),
    ...(barrierTimeoutMs !== undefined ? { barrierTimeoutMs } : {}),
    ...(onResults ? { onResults } : {}),
    ...(log ? { log } : {}),
  };
}

/** `host:port` (IPv6 in brackets) of a --*-listen flag; a problem naming the flag otherwise */
export function hostPort(text: string, problems: string[], flag = '--controller-listen'): { host: string; port: number } | undefined {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port > 65535) {
    problems.push(`${flag} must be host:port, e.g. 0.0.0.0:7070 or 127.0.0.1:0 (got ${JSON.stringify(text)})`);
    return undefined;
  }
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port };
}
