/**
 * A shard pod's state as the engine's ShardExit: Succeeded -> code 0; Failed -> code null with the pod's reason
 * and the container's exit code; a container that cannot start at all (no image, a bad config) -> code null with
 * the kubelet's reason, because waiting for it would only end at the barrier's deadline with a vaguer message.
 * Pure, over the pod object the API returns.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { ShardExit } from '../shard-engine.js';
import { SHARD_CONTAINER } from './render-shard-job.js';

/** where an Indexed Job writes a pod's index: the annotation (every version) and the label (1.28+) */
export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';

/**
 * Waiting reasons the kubelet does not get out of by itself in the time of a run. ErrImagePull is not one: it
 * becomes ImagePullBackOff when the pull fails again, and a pull that was only slow succeeds.
 */
export const FATAL_WAITING_REASONS: ReadonlySet<string> = new Set([
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** The pod's shard index, or undefined when the pod carries none (not a pod of an Indexed Job). */
export function podIndex(pod: V1Pod): number | undefined {
  const raw = pod.metadata?.annotations?.[COMPLETION_INDEX_KEY] ?? pod.metadata?.labels?.[COMPLETION_INDEX_KEY];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** The shard's exit when the pod has ended (or can never start), else undefined (pending or running). */
export function podShardExit(pod: V1Pod): ShardExit | undefined {
  const index = podIndex(pod);
  if (index === undefined) return undefined;
  const name = pod.metadata?.name ?? `index ${index}`;
  const container = pod.status?.containerStatuses?.find((c) => c.name === SHARD_CONTAINER) ?? pod.status?.containerStatuses?.[0];
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return { index, code: 0 };
  if (phase === 'Failed') {
    const terminated = container?.state?.terminated ?? container?.lastState?.terminated;
    const parts: string[] = [];
    if (terminated !== undefined) {
      parts.push(terminated.reason ?? 'terminated');
      parts.push(`exit code ${terminated.exitCode}${terminated.signal ? `, signal ${terminated.signal}` : ''}`);
      // with FallbackToLogsOnError the message is the log's tail: its end says why
      if (terminated.message) parts.push(tail(terminated.message));
    }
    if (pod.status?.reason) parts.unshift(pod.status.reason);
    if (pod.status?.message) parts.push(oneLine(pod.status.message));
    return { index, code: null, reason: `pod ${name} failed: ${parts.length > 0 ? parts.join(', ') : 'no reason given'}` };
  }
  const waiting = container?.state?.waiting;
  if (waiting?.reason !== undefined && FATAL_WAITING_REASONS.has(waiting.reason)) {
    const image = container?.image ? ` (image ${container.image})` : '';
    return {
      index,
      code: null,
      reason: `pod ${name} cannot start: ${waiting.reason}${image}${waiting.message ? `: ${oneLine(waiting.message)}` : ''}`,
    };
  }
  return undefined;
}

function tail(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `...${flat.slice(-297)}` : flat;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
