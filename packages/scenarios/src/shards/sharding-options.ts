/**
 * How a run is sharded: `stampede run --shards N --engine local|kubernetes` and its flags, as the orchestrator
 * takes them. The cache and origin stay the controller's; only the load generator is split.
 */
import type { ShardEngine } from './shard-engine.js';
import type { ShardResult } from './shard-protocol.js';

export interface ShardingOptions {
  count: number;
  engine: ShardEngine;
  /** where the controller listens (default 127.0.0.1, any port; kubernetes: an address the pods can reach) */
  listen?: { host: string; port: number };
  /** the controller URL the shards are given (default: the listening address) */
  controllerUrl?: string;
  /**
   * the cache's base URL as the shards reach it (default: the cache's own loopback endpoint, right for the local
   * engine); e.g. http://stampede-cache.default.svc:8080 for pods
   */
  targetUrl?: string;
  /** the largest accepted clock offset, ms (default one bucket) */
  maxClockOffsetMs?: number;
  /** how long every shard gets to reach the start barrier, ms (default 60 s) */
  barrierTimeoutMs?: number;
  /** every shard's result at the end (ShardedRunOptions.onResults): the run folder keeps them for `stampede merge` */
  onResults?: (results: ShardResult[]) => void;
  /** lines worth the user's eye that are not measurements (e.g. the shards could not be removed: what to run) */
  log?: (line: string) => void;
}
