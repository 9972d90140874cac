/**
 * additive: the shards of a sharded run (`stampede run --shards N`, `stampede merge`): where they ran and one row
 * per shard, so a reader can tell a merged result from one generator's, and why a run failed on a shard.
 */
export interface ShardsRecord {
  /** local | kubernetes | merge (offline) */
  engine: string;
  /** where they ran, e.g. "4 processes on this machine", "job/stampede-x in namespace default" */
  where: string;
  count: number;
  /** the largest clock offset the controller accepted, ms (a bucket unless --max-clock-offset) */
  maxClockOffsetMs: number;
  rows: ShardRow[];
}

export interface ShardRow {
  index: number;
  /** ok: delivered its result; died: ended mid-run without one; failed: reported an error; never-started: not at the barrier */
  state: 'ok' | 'died' | 'failed' | 'never-started';
  requests: number;
  dropped: number;
  scheduleLagP99Ms: number;
  /** controller clock - shard clock, as measured at the barrier and applied to the shard's clock */
  clockOffsetMs: number;
  /** the round trip of the sync sample used: the offset is exact to within ± rttMs / 2 */
  rttMs: number;
  saturated: boolean;
  reason?: string;
}
