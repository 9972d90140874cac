import type { Argv } from 'yargs';
import { parseDuration } from '@stampede/loadgen';
import { DEFAULT_CACHE_HEADER } from '../caches/index.js';
import { ExitCode } from '../exit-codes.js';
import { defaultRunId } from '../orchestrator/index.js';
import { resolveScenario } from '../scenario-spec/index.js';
import { manifestsYaml } from '../shards/kubernetes/manifests-yaml.js';
import { shardManifests } from '../shards/kubernetes/shard-manifests.js';
import { shardPodOptions, IMAGE_PULL_POLICIES, SHARD_POD_DEFAULTS, type ShardPodOptions } from '../shards/kubernetes/shard-pod-options.js';
import { UsageError } from '../usage/usage-error.js';
import type { StampedeCommand } from './command.js';
import { scenarioFlags, scenarioOverrides, type ScenarioFlags } from './scenario-flags.js';

const MAX_SHARDS = 1024;
/** the Job's activeDeadlineSeconds beyond the load itself: scheduling, image pull, the barrier */
const DEADLINE_SLACK_S = 600;

export interface K8sArgs extends ScenarioFlags {
  action: 'render';
  shards?: number;
  'target-url'?: string;
  'controller-url'?: string;
  'start-at'?: string;
  'run-id'?: string;
  'cache-header'?: string;
  image?: string;
  'image-pull-policy'?: string;
  namespace?: string;
  cpu?: string;
  memory?: string;
  'ttl-after-finished'?: number;
  'active-deadline'?: string;
  service: boolean;
  'service-selector'?: string;
  'service-target-port'?: number;
}

/**
 * `stampede k8s render <scenario|file> --shards N --target-url URL (--controller-url URL | --start-at WHEN)`: the
 * manifests of a sharded load (an Indexed Job; a Service for the target with --service) on stdout, for kubectl
 * apply or a GitOps repository. Nothing is sent to a cluster.
 */
export const k8sCommand: StampedeCommand<K8sArgs> = {
  command: 'k8s <action> <scenario>',
  describe: 'Kubernetes: `k8s render <scenario> --shards N --target-url URL` prints the shard Job (and --service) as YAML for kubectl or GitOps',
  builder: (y: Argv) =>
    scenarioFlags(y.positional('action', { type: 'string', choices: ['render'], describe: 'render: print the manifests' }))
      .option('shards', { type: 'number', demandOption: true, describe: `how many shard pods (1-${MAX_SHARDS}), each at rate/N` })
      .option('target-url', { type: 'string', demandOption: true, describe: 'the cache as the pods reach it, e.g. http://my-varnish.default.svc:6081 (keys are requested at /items/<key>)' })
      .option('controller-url', { type: 'string', describe: 'where the shards report (a `stampede run --shards N --engine kubernetes` controller the pods can reach)' })
      .option('start-at', { type: 'string', describe: 'without a controller: the common start instant, ISO time, epoch ms, or +DURATION from now (e.g. +2m); results are the pods\' last log line' })
      .option('run-id', { type: 'string', describe: 'the run id (names the Job; a controller refuses results of another run); default <time>-<scenario>-<cache>' })
      .option('cache-header', { type: 'string', describe: 'the response header carrying HIT/MISS at the target (default: the scenario cache kind\'s, x-cache)' })
      .option('image', { type: 'string', describe: `the shard image, built from the repository Dockerfile (default ${SHARD_POD_DEFAULTS.image})` })
      .option('image-pull-policy', { type: 'string', choices: [...IMAGE_PULL_POLICIES], describe: `(default ${SHARD_POD_DEFAULTS.imagePullPolicy})` })
      .option('namespace', { type: 'string', describe: 'the namespace of the Job (default: none written, kubectl apply -n decides)' })
      .option('cpu', { type: 'string', describe: `CPU per shard, request = limit (default ${SHARD_POD_DEFAULTS.cpu})` })
      .option('memory', { type: 'string', describe: `memory per shard, request = limit (default ${SHARD_POD_DEFAULTS.memory})` })
      .option('ttl-after-finished', { type: 'number', describe: `seconds the finished Job is kept (default ${SHARD_POD_DEFAULTS.ttlSecondsAfterFinished})` })
      .option('active-deadline', { type: 'string', describe: `the Job is stopped after this long whatever happens (default: the load's duration + ${DEADLINE_SLACK_S / 60} min)` })
      .option('service', { type: 'boolean', default: false, describe: 'also render the Service the target URL names (http://<service>[.<namespace>.svc]:<port>), in front of the cache pods' })
      .option('service-selector', { type: 'string', describe: 'with --service: the cache pods\' labels, KEY=VALUE[,KEY=VALUE]' })
      .option('service-target-port', { type: 'number', describe: 'with --service: the cache pods\' port (default: the target URL\'s)' }) as unknown as Argv<K8sArgs>,
  handler: async (args, io) => {
    const problems: string[] = [];
    const shards = args.shards ?? Number.NaN;
    if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) problems.push(`--shards must be a whole number from 1 to ${MAX_SHARDS} (got ${args.shards})`);
    const targetUrl = args['target-url'] ?? '';
    if (!/^http:\/\/[^/]+/.test(targetUrl)) problems.push(`--target-url must be an http:// URL the pods reach, e.g. http://my-varnish.default.svc:6081 (got ${JSON.stringify(targetUrl)})`);
    const controllerUrl = args['controller-url'];
    if (controllerUrl !== undefined && !/^https?:\/\/[^/]+/.test(controllerUrl)) problems.push(`--controller-url must be an http:// URL (got ${JSON.stringify(controllerUrl)})`);
    let startAt: number | undefined;
    if ((controllerUrl === undefined) === (args['start-at'] === undefined)) {
      problems.push('give one of --controller-url (the shards report to a controller) or --start-at (they start on their own at that instant)');
    } else if (args['start-at'] !== undefined) {
      const parsed = parseStartAt(args['start-at'], Date.now());
      if (typeof parsed === 'string') problems.push(parsed);
      else startAt = parsed;
    }
    let activeDeadlineS: number | undefined;
    if (args['active-deadline'] !== undefined) {
      const r = parseDuration(args['active-deadline']);
      if (r.ok && r.seconds >= 1) activeDeadlineS = Math.ceil(r.seconds);
      else problems.push(`--active-deadline must be a duration of 1s or more, e.g. 20m (got ${JSON.stringify(args['active-deadline'])})`);
    }
    const selector = args['service-selector'] !== undefined ? parseSelector(args['service-selector'], problems) : undefined;
    if (!args.service && (selector !== undefined || args['service-target-port'] !== undefined)) problems.push('--service-selector and --service-target-port go with --service');
    if (problems.length > 0) throw new UsageError(problems);

    const spec = await resolveScenario(args.scenario, scenarioOverrides(args));
    const startDelayS = startAt !== undefined ? Math.max(0, (startAt - Date.now()) / 1000) : 0;
    const pod: ShardPodOptions = shardPodOptions({
      image: args.image,
      imagePullPolicy: args['image-pull-policy'] as ShardPodOptions['imagePullPolicy'] | undefined,
      namespace: args.namespace,
      cpu: args.cpu,
      memory: args.memory,
      ttlSecondsAfterFinished: args['ttl-after-finished'],
      activeDeadlineSeconds: activeDeadlineS ?? Math.ceil(startDelayS + spec.load.durationS + DEADLINE_SLACK_S),
    });
    if (startAt !== undefined && spec.timeline.length > 0) {
      io.stderr.write(
        `stampede k8s render: without a controller the shards only send the load; the scenario's ${spec.timeline.length} timeline action(s) (${spec.timeline.map((s) => s.action).join(', ')}) need one: stampede run --shards N --engine kubernetes\n`,
      );
    }
    const objects = shardManifests({
      spec,
      shards,
      runId: args['run-id'] ?? defaultRunId(spec),
      targetUrl,
      cacheHeader: (args['cache-header'] ?? spec.cache.cacheHeader ?? DEFAULT_CACHE_HEADER[spec.cache.kind]).toLowerCase(),
      ...(controllerUrl !== undefined ? { controllerUrl } : {}),
      ...(startAt !== undefined ? { startAt } : {}),
      pod,
      ...(args.service ? { service: { selector: selector ?? {}, ...(args['service-target-port'] !== undefined ? { targetPort: args['service-target-port'] } : {}) } } : {}),
    });
    io.stdout.write(manifestsYaml(objects));
    return ExitCode.pass;
  },
};

/** `--start-at`: ISO 8601 time, epoch milliseconds, or `+DURATION` from `nowMs`; a problem text otherwise. */
export function parseStartAt(text: string, nowMs: number): number | string {
  const problem = `--start-at must be an ISO time (2026-12-02T16:00:00Z), epoch milliseconds, or +DURATION from now such as +2m (got ${JSON.stringify(text)})`;
  if (text.startsWith('+')) {
    const r = parseDuration(text.slice(1));
    return r.ok ? Math.round(nowMs + r.seconds * 1000) : problem;
  }
  if (/^\d{12,}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(ms) ? ms : problem;
}

function parseSelector(text: string, problems: string[]): Record<string, string> {
  const selector: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const m = /^\s*([A-Za-z0-9][-A-Za-z0-9_./]*)=([^=,]*)\s*$/.exec(pair);
    if (m) selector[m[1]!] = m[2]!.trim();
    else problems.push(`--service-selector ${JSON.stringify(pair)}: expected KEY=VALUE, e.g. app.kubernetes.io/name=varnish`);
  }
  return selector;
}
