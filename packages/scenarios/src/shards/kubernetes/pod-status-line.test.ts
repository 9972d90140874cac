import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podStatusLine } from './pod-status-line.js';

const withContainer = (phase: string, state: object): V1Pod => ({
  status: { phase, containerStatuses: [{ name: 'shard', image: 'i', imageID: '', ready: false, restartCount: 0, state }] },
});

describe('podStatusLine', () => {
  it.each([
    [{ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] } }, 'Pending: Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.'],
    [withContainer('Pending', { waiting: { reason: 'ErrImagePull', message: 'pull access denied' } }), 'Pending: ErrImagePull: pull access denied'],
    [withContainer('Pending', { waiting: { reason: 'ContainerCreating' } }), 'Pending: ContainerCreating'],
    [withContainer('Running', { running: {} }), 'Running'],
    [withContainer('Failed', { terminated: { exitCode: 137, reason: 'OOMKilled' } }), 'Failed: OOMKilled, exit code 137'],
    [{ status: { phase: 'Failed', reason: 'Evicted' } }, 'Failed: Evicted'],
    [{}, 'Unknown'],
  ] as [V1Pod, string][])('%#: %s', (pod, line) => {
    expect(podStatusLine(pod)).toBe(line);
  });
});
