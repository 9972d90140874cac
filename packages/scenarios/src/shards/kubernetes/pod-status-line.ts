/**
 * A shard pod's state in a few words, for the progress log while the controller waits at the barrier:
 * `Pending: Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.`, `Pending: ErrImagePull`, `Running`.
 * The engine logs a line when it changes, so a slow start says why. Pure.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { SHARD_CONTAINER } from './render-shard-job.js';

export function podStatusLine(pod: V1Pod): string {
  const phase = pod.status?.phase ?? 'Unknown';
  const container = pod.status?.containerStatuses?.find((c) => c.name === SHARD_CONTAINER) ?? pod.status?.containerStatuses?.[0];
  const waiting = container?.state?.waiting;
  if (waiting?.reason) return `${phase}: ${waiting.reason}${waiting.message ? `: ${short(waiting.message)}` : ''}`;
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) return `${phase}: ${unscheduled.reason ?? 'not scheduled'}${unscheduled.message ? `: ${short(unscheduled.message)}` : ''}`;
  const terminated = container?.state?.terminated;
  if (terminated) return `${phase}: ${terminated.reason ?? 'terminated'}, exit code ${terminated.exitCode}`;
  return pod.status?.reason ? `${phase}: ${pod.status.reason}` : phase;
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
