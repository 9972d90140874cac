import { describe, expect, it } from 'vitest';
import { readShardEnv, shardEnvVars } from './shard-env.js';
import { shardShare } from './shard-share.js';

const load = { url: 'http://127.0.0.1:8080/items/{key}', ratePerS: 1000, seed: 7, connections: 100 };

describe('the shard contract', () => {
  it('round-trips what the controller sets, with the index from an Indexed Job', () => {
    const vars = shardEnvVars({ shards: 4, runId: 'r1', load, controllerUrl: 'http://10.0.0.5:7070' });
    expect(readShardEnv({ ...vars, JOB_COMPLETION_INDEX: '3' })).toEqual({
      index: 3,
      shards: 4,
      runId: 'r1',
      load,
      controllerUrl: 'http://10.0.0.5:7070',
      allowRemote: false,
      injectClockSkewMs: 0,
    });
    expect(readShardEnv({ ...vars, STAMPEDE_SHARD_INDEX: '1', JOB_COMPLETION_INDEX: '3' }).index).toBe(1);
  });

  it('names every missing or wrong variable at once', () => {
    expect(() => readShardEnv({ STAMPEDE_SHARDS: 'two', STAMPEDE_SHARD_LOAD: '{"rate":1}' })).toThrow(
      /STAMPEDE_SHARD_INDEX \(or JOB_COMPLETION_INDEX\) is not set.*STAMPEDE_SHARDS must be a whole number.*STAMPEDE_RUN_ID is not set.*must be a JSON object with a "url"/s,
    );
    const vars = shardEnvVars({ shards: 2, runId: 'r', load, startAt: 1000 });
    expect(() => readShardEnv({ ...vars, STAMPEDE_SHARD_INDEX: '2' })).toThrow(/index must be below STAMPEDE_SHARDS/);
    const { STAMPEDE_START_AT: _, ...noStart } = vars;
    expect(() => readShardEnv({ ...noStart, STAMPEDE_SHARD_INDEX: '0' })).toThrow(/set STAMPEDE_CONTROLLER_URL .* or STAMPEDE_START_AT/);
  });

  it('applies fault injection to every shard or to the one named', () => {
    const vars = { ...shardEnvVars({ shards: 2, runId: 'r', load, startAt: 1000 }), STAMPEDE_SHARD_INDEX: '1' };
    expect(readShardEnv({ ...vars, STAMPEDE_INJECT_CLOCK_SKEW_MS: '-250' }).injectClockSkewMs).toBe(-250);
    expect(readShardEnv({ ...vars, STAMPEDE_INJECT_CLOCK_SKEW_MS: '0:5000' }).injectClockSkewMs).toBe(0);
    expect(readShardEnv({ ...vars, STAMPEDE_INJECT_CLOCK_SKEW_MS: '1:5000' }).injectClockSkewMs).toBe(5000);
    expect(readShardEnv({ ...vars, STAMPEDE_INJECT_SHARD_KILL: '1:2.5' }).injectKillAfterS).toBe(2.5);
  });
});

describe('shardShare', () => {
  it('gives each shard rate/N on its own seed, the same on a re-run, and one shard the load itself', () => {
    const shares = [0, 1, 2, 3].map((i) => shardShare(load, i, 4));
    expect(shares.map((s) => s.ratePerS)).toEqual([250, 250, 250, 250]);
    expect(new Set(shares.map((s) => s.seed)).size).toBe(4);
    expect(shardShare(load, 2, 4)).toEqual(shares[2]);
    expect(shares[0]?.connections).toBe(25);
    expect(shardShare(load, 0, 1)).toBe(load);
    const staged = shardShare({ ...load, stages: [{ durationS: 10, targetRatePerS: 800 }], startRatePerS: 400 }, 0, 4);
    expect(staged.stages).toEqual([{ durationS: 10, targetRatePerS: 200 }]);
    expect(staged.startRatePerS).toBe(100);
  });
});
