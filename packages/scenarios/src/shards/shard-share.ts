/**
 * One shard's share of the load: the same scenario at rate/N on its own seeded arrival and key streams. Shard
 * streams differ from each other; a re-run with the same seed and shard count repeats them. With one shard the
 * share is the load itself (same seed), so `--shards 1` sends what an unsharded run sends.
 */
import { deriveSeed, DEFAULT_LOAD_SPEC, type LoadSpecInput } from '@stampede/loadgen';

/** the stream id that separates shard seeds from loadgen's per-worker streams */
export const SHARD_STREAM = 0x5ad;

export function shardShare(load: LoadSpecInput, index: number, shards: number): LoadSpecInput {
  if (shards === 1) return load;
  const share: LoadSpecInput = { ...load, seed: deriveSeed(load.seed ?? DEFAULT_LOAD_SPEC.seed, SHARD_STREAM, index) };
  if (load.ratePerS !== undefined) share.ratePerS = load.ratePerS / shards;
  if (load.startRatePerS !== undefined) share.startRatePerS = load.startRatePerS / shards;
  if (load.stages !== undefined) share.stages = load.stages.map((s) => ({ ...s, targetRatePerS: s.targetRatePerS / shards }));
  if (load.workers !== undefined) share.workers = Math.max(1, Math.ceil(load.workers / shards));
  // connections are per process: each shard gets its share, at least one
  if (load.connections !== undefined) share.connections = Math.max(1, Math.ceil(load.connections / shards));
  if (load.maxInFlight !== undefined) share.maxInFlight = Math.max(1, Math.ceil(load.maxInFlight / shards));
  return share;
}
