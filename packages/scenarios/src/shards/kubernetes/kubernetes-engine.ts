/**
 * The `kubernetes` shard engine: one Indexed batch/v1 Job (render-shard-job.ts) created from the current
 * kubeconfig, its pods polled for their end (pod-shard-exit.ts), the Job deleted with its pods on stop().
 * The shards talk to the controller over HTTP themselves; this engine only starts, watches and removes them.
 */
import { BatchV1Api, CoreV1Api, KubeConfig, type V1Job } from '@kubernetes/client-node';
import type { ShardEngine, ShardExit, ShardFleet, ShardLaunch } from '../shard-engine.js';
import { ShardStartError } from '../shard-errors.js';
import { describeKubeFailure, type KubeCallContext } from './describe-kube-failure.js';
import { podIndex } from './pod-shard-exit.js';
import { podStatusLine } from './pod-status-line.js';
import { renderShardJob, shardPodSelector } from './render-shard-job.js';
import { ShardExitTracker } from './shard-exit-tracker.js';
import { pickPodOptions, shardPodOptions, type ShardPodOptions, type ShardPodOptionsInput } from './shard-pod-options.js';

export interface KubernetesEngineOptions extends ShardPodOptionsInput {
  /** how often the Job's pods are listed (default 1000 ms) */
  pollIntervalMs?: number;
  /** the longest the creating call may take before the launch fails (default 30 s) */
  apiTimeoutMs?: number;
  /** how long stop() waits for the pods to be gone after deleting the Job (default 30 s) */
  stopWaitMs?: number;
  /** an already loaded kubeconfig; default: KubeConfig.loadFromDefault() (KUBECONFIG, ~/.kube/config, in-cluster) */
  kubeConfig?: KubeConfig;
  /** progress lines (the Job created, each pod's state when it changes: why a start is slow); default: dropped */
  log?: (line: string) => void;
}

/** The context client-node falls back to when it found no kubeconfig at all (config.js, loadFromDefault). */
function isFallbackConfig(kc: KubeConfig): boolean {
  const cluster = kc.getCurrentCluster();
  return kc.getCurrentContext() === 'loaded-context' && cluster?.name === 'cluster' && cluster.server === 'http://localhost:8080';
}

/**
 * The current kubeconfig, or a ShardStartError that names what is missing.
 * @throws ShardStartError (code STAMPEDE_SHARD_START)
 */
export function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromDefault();
  } catch (err) {
    throw new ShardStartError(
      `cannot read the kubeconfig${env.KUBECONFIG ? ` KUBECONFIG=${env.KUBECONFIG}` : ''}: ${(err as Error).message}; point KUBECONFIG at a readable kubeconfig file`,
      { cause: err },
    );
  }
  if (isFallbackConfig(kc)) {
    throw new ShardStartError(
      'no kubeconfig found (KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a pod): set KUBECONFIG to the cluster\'s kubeconfig (kubectl config view --minify shows the one kubectl uses)',
    );
  }
  if (kc.getCurrentCluster() === null) {
    throw new ShardStartError(`the kubeconfig's current context "${kc.getCurrentContext()}" names no cluster; pick one with kubectl config use-context`);
  }
  return kc;
}

/**
 * The engine; options are checked here, before anything is created.
 * @throws UsageError naming every bad option by its flag
 */
export function kubernetesEngine(options: KubernetesEngineOptions = {}): ShardEngine {
  return new KubernetesEngine(options);
}

class KubernetesEngine implements ShardEngine {
  readonly name = 'kubernetes' as const;
  private readonly pod: ShardPodOptions;

  constructor(private readonly options: KubernetesEngineOptions = {}) {
    this.pod = shardPodOptions(pickPodOptions(options));
  }

  async launch(plan: ShardLaunch): Promise<ShardFleet> {
    const kc = this.options.kubeConfig ?? loadKubeConfig();
    const contextName = kc.getCurrentContext();
    const namespace = this.pod.namespace ?? kc.getContextObject(contextName)?.namespace ?? 'default';
    const job = renderShardJob(plan, { ...this.pod, namespace });
    const name = job.metadata!.name!;
    const ctx: KubeCallContext = { action: `create job/${name}`, server: kc.getCurrentCluster()?.server ?? '?', context: contextName, namespace };
    let batch: BatchV1Api;
    let core: CoreV1Api;
    try {
      batch = kc.makeApiClient(BatchV1Api);
      core = kc.makeApiClient(CoreV1Api);
    } catch (err) {
      throw new ShardStartError(`kubeconfig context ${contextName}: ${(err as Error).message}`, { cause: err });
    }
    const timeoutMs = this.options.apiTimeoutMs ?? 30_000;
    const created = batch.createNamespacedJob({ namespace, body: job });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        created,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ShardStartError(`${ctx.action}: no answer from ${ctx.server} (context ${contextName}) within ${timeoutMs} ms; is the cluster up? (kubectl cluster-info)`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      // A late success after the timeout would leave a Job behind: delete it when it comes.
      created.then(
        () => batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' }).catch(() => undefined),
        () => undefined,
      );
      if (err instanceof ShardStartError) throw err;
      throw new ShardStartError(describeKubeFailure(err, ctx), { cause: err });
    } finally {
      clearTimeout(timer);
    }
    this.options.log?.(`created job/${name} in namespace ${namespace} (context ${contextName}): ${plan.shards} pods of ${this.pod.image}`);
    return new KubernetesFleet({
      log: this.options.log,
      batch,
      core,
      job,
      namespace,
      shards: plan.shards,
      ctx: { ...ctx, action: `job/${name}` },
      pollIntervalMs: this.options.pollIntervalMs ?? 1000,
      stopWaitMs: this.options.stopWaitMs ?? 30_000,
    });
  }
}

interface FleetParts {
  log: ((line: string) => void) | undefined;
  batch: BatchV1Api;
  core: CoreV1Api;
  job: V1Job;
  namespace: string;
  shards: number;
  ctx: KubeCallContext;
  pollIntervalMs: number;
  stopWaitMs: number;
}

/** The Job's shards: polled until every index has ended or stop() is called. */
class KubernetesFleet implements ShardFleet {
  readonly description: string;
  private readonly name: string;
  private readonly selector: string;
  private readonly tracker: ShardExitTracker;
  private readonly exits: ShardExit[] = [];
  private readonly listeners: ((exit: ShardExit) => void)[] = [];
  /** the state last logged for each pod */
  private readonly logged = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopping = false;
  private stopped: Promise<void> | undefined;

  constructor(private readonly parts: FleetParts) {
    this.name = parts.job.metadata!.name!;
    this.selector = shardPodSelector(this.name);
    this.tracker = new ShardExitTracker(parts.shards, this.name);
    this.description = `kubernetes: job/${this.name} in namespace ${parts.namespace} (${parts.shards} pods, context ${parts.ctx.context})`;
    this.schedule(0);
  }

  onExit(listener: (exit: ShardExit) => void): void {
    this.listeners.push(listener);
    for (const e of this.exits) listener(e);
  }

  stop(): Promise<void> {
    this.stopped ??= this.remove();
    return this.stopped;
  }

  private schedule(delayMs: number): void {
    if (this.stopping || this.tracker.done) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll()
        .catch(() => undefined) // an API blip: the next poll tries again; stop() still deletes the Job
        .finally(() => {
          this.polling = undefined;
          this.schedule(this.parts.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    const { core, batch, namespace } = this.parts;
    // the Job first, then its pods: a pod whose failure failed the Job is then in the list with its own reason
    const job = await batch.readNamespacedJobStatus({ name: this.name, namespace }).then(
      (j): V1Job | 'gone' => j,
      (err: unknown) => ((err as { code?: unknown }).code === 404 ? ('gone' as const) : undefined),
    );
    const pods = (await core.listNamespacedPod({ namespace, labelSelector: this.selector })).items;
    // what stop() does (deleting the Job, its pods ending) is not the shards' doing: not reported
    if (this.stopping) return;
    if (this.parts.log) {
      for (const pod of pods) {
        const name = pod.metadata?.name ?? '?';
        const line = podStatusLine(pod);
        if (this.logged.get(name) === line) continue;
        this.logged.set(name, line);
        this.parts.log(`shard ${podIndex(pod) ?? '?'} (pod ${name}): ${line}`);
      }
    }
    for (const exit of this.tracker.observe({ pods, ...(job !== undefined ? { job } : {}) })) {
      this.exits.push(exit);
      for (const l of this.listeners) l(exit);
    }
  }

  private async remove(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.polling;
    const { batch, core, namespace, ctx } = this.parts;
    let lastError: unknown;
    let deleted = false;
    for (let attempt = 0; attempt < 3 && !deleted; attempt++) {
      if (attempt > 0) await sleep(1000);
      try {
        // Background: the Job goes now and the garbage collector deletes its pods. (The API's default for
        // batch/v1 Jobs is to orphan them, which would leave the shards running.)
        await batch.deleteNamespacedJob({ name: this.name, namespace, propagationPolicy: 'Background' });
        deleted = true;
      } catch (err) {
        if ((err as { code?: unknown }).code === 404) deleted = true;
        else lastError = err;
      }
    }
    if (!deleted) {
      throw new Error(
        `${describeKubeFailure(lastError, { ...ctx, action: `delete job/${this.name}` })}; the shards may still be running: kubectl delete job ${this.name} -n ${namespace}`,
        { cause: lastError },
      );
    }
    // The pods get SIGTERM and terminationGracePeriodSeconds (10 s); wait for them, bounded, so a caller that
    // returns after stop() has left nothing running it could know about.
    const deadline = Date.now() + this.parts.stopWaitMs;
    while (Date.now() < deadline) {
      const left = await core.listNamespacedPod({ namespace, labelSelector: this.selector }).then(
        (l) => l.items.length,
        () => 0,
      );
      if (left === 0) return;
      await sleep(500);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
