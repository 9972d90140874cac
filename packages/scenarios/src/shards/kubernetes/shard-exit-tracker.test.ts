import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ShardExitTracker } from './shard-exit-tracker.js';

const KEY = 'batch.kubernetes.io/job-completion-index';
const pod = (index: number, phase: string, extra: Partial<NonNullable<V1Pod['status']>> = {}): V1Pod => ({
  metadata: { name: `stampede-r-${index}-x`, annotations: { [KEY]: String(index) } },
  status: { phase, ...extra },
});
const job = (type?: 'Complete' | 'Failed', reason?: string, message?: string): V1Job => ({
  status: { conditions: type ? [{ type, status: 'True', ...(reason ? { reason } : {}), ...(message ? { message } : {}) }] : [] },
});

describe('ShardExitTracker', () => {
  it('reports each ended pod once, and is done when every index has ended', () => {
    const t = new ShardExitTracker(2, 'stampede-r');
    expect(t.observe({ pods: [], job: job() })).toEqual([]);
    expect(t.observe({ pods: [pod(0, 'Running'), pod(1, 'Pending')], job: job() })).toEqual([]);
    expect(t.observe({ pods: [pod(0, 'Succeeded'), pod(1, 'Running')], job: job() })).toEqual([{ index: 0, code: 0 }]);
    expect(t.done).toBe(false);
    expect(t.observe({ pods: [pod(0, 'Succeeded'), pod(1, 'Succeeded')], job: job('Complete') })).toEqual([{ index: 1, code: 0 }]);
    expect(t.done).toBe(true);
    expect(t.observe({ pods: [pod(0, 'Failed'), pod(1, 'Failed')], job: job('Failed') })).toEqual([]);
  });

  it('a pod seen running that is gone without ending is reported; one never seen is not guessed at', () => {
    const t = new ShardExitTracker(3, 'stampede-r');
    t.observe({ pods: [pod(0, 'Running'), pod(1, 'Running')] });
    expect(t.observe({ pods: [pod(1, 'Running')] })).toEqual([
      { index: 0, code: null, reason: 'pod stampede-r-0-x disappeared before it ended (deleted, or evicted with its node)' },
    ]);
  });

  it('a failed Job ends the shards still going (or already removed) with its reason; the pod that failed it keeps its own', () => {
    const t = new ShardExitTracker(3, 'stampede-r');
    t.observe({ pods: [pod(0, 'Running'), pod(1, 'Running'), pod(2, 'Running')], job: job() });
    const oom = { containerStatuses: [{ name: 'shard', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] };
    expect(t.observe({ pods: [pod(1, 'Failed', oom), pod(2, 'Running')], job: job('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit') })).toEqual([
      { index: 1, code: null, reason: 'pod stampede-r-1-x failed: OOMKilled, exit code 137' },
      { index: 0, code: null, reason: 'job/stampede-r failed: BackoffLimitExceeded: Job has reached the specified backoff limit' },
      { index: 2, code: null, reason: 'job/stampede-r failed: BackoffLimitExceeded: Job has reached the specified backoff limit' },
    ]);
    expect(t.done).toBe(true);
  });

  it('a Job that completed ends every index with code 0, even one whose pod was removed since', () => {
    const t = new ShardExitTracker(2, 'stampede-r');
    t.observe({ pods: [pod(0, 'Running'), pod(1, 'Running')], job: job() });
    expect(t.observe({ pods: [pod(0, 'Succeeded')], job: job('Complete') })).toEqual([{ index: 0, code: 0 }, { index: 1, code: 0 }]);
    const u = new ShardExitTracker(2, 'stampede-r');
    expect(u.observe({ pods: [], job: job('Complete') })).toEqual([{ index: 0, code: 0 }, { index: 1, code: 0 }]);
  });

  it('a Job deleted by someone else ends every shard still going; an unreadable Job decides nothing', () => {
    const t = new ShardExitTracker(2, 'stampede-r');
    expect(t.observe({ pods: [pod(0, 'Succeeded')] })).toEqual([{ index: 0, code: 0 }]);
    expect(t.observe({ pods: [], job: 'gone' })).toEqual([{ index: 1, code: null, reason: 'job/stampede-r was deleted by someone else before the shard ended' }]);
  });

  it('ignores pods without an index or with one out of range', () => {
    const t = new ShardExitTracker(1, 'stampede-r');
    expect(t.observe({ pods: [{ metadata: { name: 'other' }, status: { phase: 'Failed' } }, pod(5, 'Failed')] })).toEqual([]);
  });
});
