/**
 * Which shards of a Job have ended, from successive looks at its pods and its status. Pure: the engine lists, this
 * decides. Each index ends once; what ends it, in order of evidence:
 * - its pod ended, or can never start (pod-shard-exit.ts);
 * - its pod, seen before, is gone without having ended (deleted, or evicted with its node);
 * - the Job itself ended: Complete (every index succeeded, even if a pod was removed since), Failed (the backoff
 *   limit or the deadline; the Job controller is stopping the other pods), or gone (deleted by someone else).
 */
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { ShardExit } from '../shard-engine.js';
import { podIndex, podShardExit } from './pod-shard-exit.js';

export interface JobLook {
  pods: readonly V1Pod[];
  /** the Job as read now; 'gone' when the API says it no longer exists; undefined when it could not be read */
  job?: V1Job | 'gone';
}

export class ShardExitTracker {
  private readonly exits = new Map<number, ShardExit>();
  /** the pod last seen for each index that has not ended */
  private readonly seen = new Map<number, string>();

  constructor(
    private readonly shards: number,
    private readonly jobName: string,
  ) {}

  /** true when every shard has ended */
  get done(): boolean {
    return this.exits.size >= this.shards;
  }

  /** The exits this look reveals (each index at most once over the tracker's life). */
  observe(look: JobLook): ShardExit[] {
    const found: ShardExit[] = [];
    const end = (exit: ShardExit) => {
      if (exit.index < 0 || exit.index >= this.shards || this.exits.has(exit.index)) return;
      this.exits.set(exit.index, exit);
      this.seen.delete(exit.index);
      found.push(exit);
    };
    const present = new Map<number, string>();
    for (const pod of look.pods) {
      const index = podIndex(pod);
      if (index === undefined) continue;
      const exit = podShardExit(pod);
      if (exit !== undefined) end(exit);
      else present.set(index, pod.metadata?.name ?? `index ${index}`);
    }
    // An ended Job explains a pod that is gone (the Job controller removes the rest when the Job fails); only
    // while it runs is a vanished pod a shard lost.
    const outcome = this.jobOutcome(look.job);
    if (outcome === undefined) {
      for (const [index, podName] of [...this.seen]) {
        if (!present.has(index)) end({ index, code: null, reason: `pod ${podName} disappeared before it ended (deleted, or evicted with its node)` });
      }
      for (const [index, podName] of present) if (!this.exits.has(index)) this.seen.set(index, podName);
    } else {
      for (let index = 0; index < this.shards; index++) end({ index, ...outcome });
    }
    return found;
  }

  private jobOutcome(job: JobLook['job']): Omit<ShardExit, 'index'> | undefined {
    if (job === undefined) return undefined;
    if (job === 'gone') return { code: null, reason: `job/${this.jobName} was deleted by someone else before the shard ended` };
    const ended = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    if (ended?.type === 'Complete') return { code: 0 };
    if (ended?.type === 'Failed') {
      return { code: null, reason: `job/${this.jobName} failed: ${ended.reason ?? 'Failed'}${ended.message ? `: ${ended.message}` : ''}` };
    }
    return undefined;
  }
}
