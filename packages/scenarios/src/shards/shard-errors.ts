/**
 * Errors of a sharded run. Each has a stable `code` (../exit-codes.ts maps it to the exit code); messages name
 * the shard, the cause and the fix.
 */

/** The shard contract is not met: a variable is missing or wrong. Code `STAMPEDE_SHARD_ENV` (exit 2). */
export class ShardEnvError extends Error {
  readonly code = 'STAMPEDE_SHARD_ENV';
  constructor(message: string) {
    super(message);
    this.name = 'ShardEnvError';
  }
}

/**
 * A shard never became ready (it did not start, or died before the barrier), or the engine could not start the
 * shards at all. Nothing was measured. Code `STAMPEDE_SHARD_START` (exit 3).
 */
export class ShardStartError extends Error {
  readonly code = 'STAMPEDE_SHARD_START';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ShardStartError';
  }
}

/**
 * A shard's clock is further from the controller's than one bucket (or than --max-clock-offset): its buckets
 * cannot be joined by wall time. Code `STAMPEDE_CLOCK_OFFSET` (exit 3).
 */
export class ClockOffsetError extends Error {
  readonly code = 'STAMPEDE_CLOCK_OFFSET';
  constructor(message: string) {
    super(message);
    this.name = 'ClockOffsetError';
  }
}
