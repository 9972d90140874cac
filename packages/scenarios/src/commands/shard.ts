/**
 * `stampede shard`: one load generator of a sharded run. It takes no flags: everything comes from its environment
 * (shards/shard-env.ts), the way a Kubernetes Indexed Job hands it out, so `stampede run --shards N` (engine local)
 * and a Job's pods start it alike. Exit 0 when it delivered its result.
 */
import type { Argv } from 'yargs';
import { readShardEnv } from '../shards/shard-env.js';
import { runShard } from '../shards/run-shard.js';
import type { CommandIo, StampedeCommand } from './command.js';

export const shardCommand: StampedeCommand<Record<string, never>> = {
  command: 'shard',
  describe:
    'Run one shard of a sharded run (started by `stampede run --shards N` or a Kubernetes Job): reads STAMPEDE_SHARD_INDEX ' +
    '(or JOB_COMPLETION_INDEX), STAMPEDE_SHARDS, STAMPEDE_RUN_ID, STAMPEDE_SHARD_LOAD and STAMPEDE_CONTROLLER_URL ' +
    '(or STAMPEDE_START_AT) from the environment',
  builder: (y: Argv) => y as Argv<Record<string, never>>,
  handler: (_args, io: CommandIo) => runShard(readShardEnv(io.env), io),
};
