import { describe, expect, it } from 'vitest';
import type { ShardsRecord } from '../record/report.js';
import { fixtureRun } from '../repeat/testing/fixture-run.js';
import { renderMarkdown } from './markdown.js';
import { shardsTable } from './shards-table.js';

const shards: ShardsRecord = {
  engine: 'local',
  where: '2 processes on this machine',
  count: 2,
  maxClockOffsetMs: 1000,
  rows: [
    { index: 0, state: 'ok', requests: 7000, dropped: 0, scheduleLagP99Ms: 1.2, clockOffsetMs: -0.3, rttMs: 0.8, saturated: false },
    { index: 1, state: 'died', requests: 3100, dropped: 0, scheduleLagP99Ms: 0, clockOffsetMs: 2.5, rttMs: 1, saturated: false, reason: 'ended mid-run without its result (killed by SIGKILL)' },
  ],
};

describe('the per-shard table', () => {
  it('says where the shards ran and marks the one that broke the instrument', () => {
    const view = shardsTable(shards);
    expect(view.caption).toMatch(/^2 shards \(local: 2 processes on this machine\)/);
    expect(view.table.rows[0]?.map((c) => c.text)).toEqual(['0', 'ok', '7,000', '0', '1.20 ms', '-0.30 ms (± 0.40 ms)', 'no']);
    expect(view.table.rows[1]?.[1]).toEqual({ text: 'died: ended mid-run without its result (killed by SIGKILL)', tone: 'bad' });
  });

  it('is in report.md only for a sharded run', () => {
    const one = fixtureRun();
    expect(renderMarkdown(one)).not.toMatch(/## Shards/);
    expect(renderMarkdown({ ...one, shards })).toMatch(/## Shards\n\n2 shards[^\n]*\n\n\| Shard \| State/);
  });
});
