/**
 * Where shards run. An engine starts N shard processes that each get the shard contract's environment
 * (shard-env.ts) plus their index, tells when one ends, and removes everything it started. The controller
 * (orchestrator) does the rest over HTTP: barrier, clock sync, buckets, results.
 *
 * Engines: `local` (N OS processes on this machine, local-engine.ts), `kubernetes` (one batch/v1 Job,
 * completionMode Indexed, kubernetes/kubernetes-engine.ts) and `external` (shards someone else started with the
 * contract, e.g. rendered manifests applied with kubectl: external-engine.ts).
 */

export type ShardEngineName = 'local' | 'kubernetes' | 'external';

export interface ShardLaunch {
  /** how many shards (the Job's parallelism = completions) */
  shards: number;
  /** the variables every shard shares (shardEnvVars); the engine adds the index */
  env: Record<string, string>;
  /** the run's id: names the Job / labels what the engine creates */
  runId: string;
}

/** One shard ended: its exit code (0 = it delivered its result), or null with the reason (signal, pod failure). */
export interface ShardExit {
  index: number;
  code: number | null;
  /** e.g. "killed by SIGKILL", "pod stampede-x-2-abcde failed: OOMKilled" */
  reason?: string;
}

export interface ShardFleet {
  /** called once per shard when it ends, in any order; listeners added late still get earlier exits */
  onExit(listener: (exit: ShardExit) => void): void;
  /** stops the shards still running and removes what the engine created (processes reaped, Job deleted). Idempotent. */
  stop(): Promise<void>;
  /** where the shards run, for the report (e.g. "local: 4 processes", "kubernetes: job/stampede-abc in ns default") */
  readonly description: string;
}

export interface ShardEngine {
  readonly name: ShardEngineName;
  /** starts the shards; rejects (ShardStartError) when they cannot be started at all */
  launch(plan: ShardLaunch): Promise<ShardFleet>;
}
