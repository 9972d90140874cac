/**
 * Bounds that separate a typo from a scenario: values beyond them are refused with the bound in the message.
 * Where a package already bounds a field (loadgen, fake-backend, cache adapters), the same bound is used here so a
 * spec that validates is never refused later by the component it configures.
 */
import { LIMITS as LOAD_LIMITS } from '@stampede/loadgen';

export const LIMITS = Object.freeze({
  /** requests per second (all workers): the generator's own bound, so a rate the spec takes is one it runs */
  maxRatePerS: LOAD_LIMITS.maxRatePerS,
  /** 24 h: load, timeline, observe */
  maxDurationS: 86_400,
  maxKeys: 10_000_000,
  maxWorkers: 256,
  maxConnections: 100_000,
  maxTimeoutMs: 3_600_000,
  minIntervalMs: 100,
  maxIntervalMs: 10_000,
  maxZipfS: 10,
  maxConcurrency: 100_000,
  maxQueue: 1_000_000,
  maxQueueTimeoutMs: 2_147_483_647,
  maxServiceMs: 3_600_000,
  maxContention: 1000,
  /** one year, as Cache-Control max-age limits go */
  maxTtlS: 31_536_000,
  maxBodyBytes: 64 * 1024 * 1024,
  maxCacheCount: 100_000_000,
  minCacheBytes: 1024,
  maxCacheBytes: 2 ** 48,
  maxSlowdownFactor: 1000,
  maxBaselineS: 3600,
  maxThresholds: 100,
  maxPurgeKeys: 100_000,
});
