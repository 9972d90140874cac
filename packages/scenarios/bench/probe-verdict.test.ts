import { describe, expect, it } from 'vitest';
import { probeVerdict, type ProbeSummary } from './probe-verdict.js';

const clean: ProbeSummary = { requests: 10_000, dropped: 0, status: { timeout: 0, connError: 0 }, generator: { scheduleLagP99Ms: 0.4 } };
const targets = { lagP99Ms: 2 };

describe('probeVerdict', () => {
  it.each([
    ['a clean run', clean, [], { ok: true, misses: [] }],
    ['lag p99 at the target misses (strictly below)', { ...clean, generator: { scheduleLagP99Ms: 2 } }, [], { ok: false, misses: ['schedule lag p99 2.00 ms >= 2 ms'] }],
    ['a drop misses', { ...clean, dropped: 3 }, [], { ok: false, misses: ['3 dropped'] }],
    ['timeouts and connection errors miss', { ...clean, status: { timeout: 1, connError: 2 } }, [], { ok: false, misses: ['3 timeout/connection error(s)'] }],
    ['nothing sent misses', { ...clean, requests: 0 }, [], { ok: false, misses: ['no request was sent'] }],
    ['all shards ok', clean, [{ index: 0, state: 'ok' }, { index: 1, state: 'ok' }], { ok: true, misses: [] }],
    ['a dead shard misses, with its reason', clean, [{ index: 0, state: 'ok' }, { index: 1, state: 'died', reason: 'killed by SIGKILL' }], { ok: false, misses: ['shard 1 died (killed by SIGKILL)'] }],
    [
      'every reason at once',
      { ...clean, dropped: 5, generator: { scheduleLagP99Ms: 12.345 } },
      [{ index: 2, state: 'never-started' }],
      { ok: false, misses: ['schedule lag p99 12.35 ms >= 2 ms', '5 dropped', 'shard 2 never-started'] },
    ],
  ] as const)('%s', (_name, summary, shards, expected) => {
    expect(probeVerdict(summary, targets, shards)).toEqual(expected);
  });
});
