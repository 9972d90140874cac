/**
 * The batch/v1 Job that runs a sharded load: one Indexed Job, parallelism = completions = shards, so every pod
 * gets the same template and Kubernetes hands each its index (JOB_COMPLETION_INDEX, the shard contract's index).
 * Pure: options in, a plain object out (kubectl and GitOps read it as YAML; the engine sends it as it is).
 *
 * Choices, and why:
 * - backoffLimit 0, restartPolicy Never: a failed shard is a failed run. A retried shard would start after the
 *   barrier, send a second copy of its share or none, and the merged numbers would be wrong without saying so.
 *   (No podFailurePolicy: with backoffLimit 0 every pod failure, a disruption included, already fails the Job.)
 * - requests = limits for cpu and memory (Guaranteed QoS): a generator squeezed by a neighbour shows up as its own
 *   schedule lag, which the report would then blame on the cache.
 * - ttlSecondsAfterFinished and an optional activeDeadlineSeconds: the Job goes away even when the controller that
 *   created it was killed before it could delete it.
 * - a topology spread over nodes (ScheduleAnyway): shards are there to add machines, not to share one.
 * - terminationMessagePolicy FallbackToLogsOnError: a failed shard's last log lines (its error) reach the pod's
 *   status, so the engine can say why it failed without reading logs.
 * - no service-account token, no service links, non-root, no privilege escalation, no capabilities, the runtime's
 *   seccomp profile: the pod-security "restricted" profile; a shard only sends HTTP.
 */
import type { V1Job } from '@kubernetes/client-node';
import type { ShardLaunch } from '../shard-engine.js';
import { runIdLabel, shardJobName } from './shard-job-name.js';
import type { ShardPodOptions } from './shard-pod-options.js';

/** labels on everything stampede creates, and the selector of a run's pods */
export const STAMPEDE_LABELS = Object.freeze({
  name: 'app.kubernetes.io/name',
  component: 'app.kubernetes.io/component',
  runId: 'stampede.dev/run-id',
  job: 'stampede.dev/job',
});

/** the shard container's name (`kubectl logs job/<name> -c shard`) */
export const SHARD_CONTAINER = 'shard';

/** The label selector of the pods of the Job named `jobName`. */
export function shardPodSelector(jobName: string): string {
  return `${STAMPEDE_LABELS.name}=stampede,${STAMPEDE_LABELS.job}=${jobName}`;
}

export function renderShardJob(plan: ShardLaunch, pod: ShardPodOptions): V1Job {
  const name = shardJobName(plan.runId);
  const labels = {
    [STAMPEDE_LABELS.name]: 'stampede',
    [STAMPEDE_LABELS.component]: 'shard',
    [STAMPEDE_LABELS.runId]: runIdLabel(plan.runId),
    [STAMPEDE_LABELS.job]: name,
  };
  const resources = { cpu: pod.cpu, memory: pod.memory };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      ...(pod.namespace !== undefined ? { namespace: pod.namespace } : {}),
      labels,
      annotations: { [STAMPEDE_LABELS.runId]: plan.runId },
    },
    spec: {
      completionMode: 'Indexed',
      completions: plan.shards,
      parallelism: plan.shards,
      backoffLimit: 0,
      ttlSecondsAfterFinished: pod.ttlSecondsAfterFinished,
      ...(pod.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: pod.activeDeadlineSeconds } : {}),
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 10,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { [STAMPEDE_LABELS.job]: name } },
            },
          ],
          containers: [
            {
              name: SHARD_CONTAINER,
              image: pod.image,
              imagePullPolicy: pod.imagePullPolicy,
              args: ['shard'],
              // a failed shard's last log lines become its termination message, which the engine reports
              terminationMessagePolicy: 'FallbackToLogsOnError',
              env: Object.entries(plan.env).map(([envName, value]) => ({ name: envName, value })),
              resources: { requests: { ...resources }, limits: { ...resources } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}
