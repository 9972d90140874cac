import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podIndex, podShardExit } from './pod-shard-exit.js';

function pod(index: string | undefined, status: V1Pod['status'], where: 'annotation' | 'label' = 'annotation'): V1Pod {
  const key = 'batch.kubernetes.io/job-completion-index';
  const meta = index === undefined ? {} : where === 'annotation' ? { annotations: { [key]: index } } : { labels: { [key]: index } };
  return { metadata: { name: `stampede-r-${index ?? 'x'}-abcde`, ...meta }, status };
}

const shard = (state: object, image = 'stampede:0.1.0') => ({ containerStatuses: [{ name: 'shard', image, imageID: '', ready: false, restartCount: 0, state }] });

describe('podShardExit', () => {
  it.each([
    ['Succeeded', pod('2', { phase: 'Succeeded', ...shard({ terminated: { exitCode: 0, reason: 'Completed' } }) }), { index: 2, code: 0 }],
    [
      'Failed, OOMKilled',
      pod('1', { phase: 'Failed', ...shard({ terminated: { exitCode: 137, reason: 'OOMKilled' } }) }),
      { index: 1, code: null, reason: 'pod stampede-r-1-abcde failed: OOMKilled, exit code 137' },
    ],
    [
      'Failed, an error exit with its message',
      pod('0', { phase: 'Failed', ...shard({ terminated: { exitCode: 3, reason: 'Error', message: 'shard environment:\n STAMPEDE_SHARDS is not set' } }) }),
      { index: 0, code: null, reason: 'pod stampede-r-0-abcde failed: Error, exit code 3, shard environment: STAMPEDE_SHARDS is not set' },
    ],
    [
      'Failed, evicted before the container ran',
      pod('3', { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
      { index: 3, code: null, reason: 'pod stampede-r-3-abcde failed: Evicted, The node was low on resource: memory.' },
    ],
    [
      'Pending, the image cannot be pulled',
      pod('1', { phase: 'Pending', ...shard({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "stampede:nope"' } }, 'stampede:nope') }),
      { index: 1, code: null, reason: 'pod stampede-r-1-abcde cannot start: ImagePullBackOff (image stampede:nope): Back-off pulling image "stampede:nope"' },
    ],
    [
      'Pending, runAsNonRoot against a root image',
      pod('0', { phase: 'Pending', ...shard({ waiting: { reason: 'CreateContainerConfigError', message: 'container has runAsNonRoot and image will run as root' } }) }),
      { index: 0, code: null, reason: 'pod stampede-r-0-abcde cannot start: CreateContainerConfigError (image stampede:0.1.0): container has runAsNonRoot and image will run as root' },
    ],
  ])('%s', (_what, p, exit) => {
    expect(podShardExit(p)).toEqual(exit);
  });

  it.each([
    ['Pending, scheduling', pod('0', { phase: 'Pending' })],
    ['Pending, a first failed pull (retried)', pod('0', { phase: 'Pending', ...shard({ waiting: { reason: 'ErrImagePull' } }) })],
    ['Pending, creating', pod('0', { phase: 'Pending', ...shard({ waiting: { reason: 'ContainerCreating' } }) })],
    ['Running', pod('0', { phase: 'Running', ...shard({ running: {} }) })],
    ['not a pod of an Indexed Job', pod(undefined, { phase: 'Succeeded' })],
  ])('not ended: %s', (_what, p) => {
    expect(podShardExit(p)).toBeUndefined();
  });

  it('a long termination message (the log tail, FallbackToLogsOnError) keeps its end', () => {
    const message = `${'starting shard\n'.repeat(40)}shard environment: STAMPEDE_SHARD_LOAD is not set`;
    const exit = podShardExit(pod('0', { phase: 'Failed', ...shard({ terminated: { exitCode: 2, reason: 'Error', message } }) }));
    expect(exit?.reason).toMatch(/^pod stampede-r-0-abcde failed: Error, exit code 2, \.\.\..*shard environment: STAMPEDE_SHARD_LOAD is not set$/);
    expect(exit!.reason!.length).toBeLessThan(400);
  });

  it('reads the index from the annotation or, on 1.28+, the label', () => {
    expect(podIndex(pod('7', {}, 'annotation'))).toBe(7);
    expect(podIndex(pod('7', {}, 'label'))).toBe(7);
    expect(podIndex(pod('x', {}))).toBeUndefined();
  });
});
