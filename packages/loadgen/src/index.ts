/**
 * @stampede/loadgen — open-model HTTP load generator: piscina worker threads driving undici,
 * coordinated-omission-free latency (from intended send time) in mergeable HDR histograms.
 */
export type * from './result.js';
export type * from './spec.js';

export { startLoad, type LoadRun, type LoadRunEvents, type StartOptions } from './start-load.js';
export { runLoad } from './run-load.js';
export { validateLoadSpec, loadRatePerS, connectionsForWorker, DEFAULT_LOAD_SPEC, LIMITS, OPEN_RATE_PER_WORKER } from './spec.js';
export { LoadSpecError, RemoteTargetError, LoadWorkerError } from './errors.js';
export {
  backoffDelayMs,
  RetryBudget,
  DEFAULT_RETRY_POLICY,
  DEFAULT_RETRY_BUDGET,
  RETRY_OUTCOMES,
} from './retry-policy.js';
export { retrySummary } from './summary.js';

export {
  DURATION_HINT,
  durationSeconds,
  formatDuration,
  parseDuration,
  parseDurationS,
  type DurationResult,
} from './duration.js';
export { parseDistribution } from './parse-distribution.js';
export { parseStages } from './parse-stages.js';

export {
  mergeEncodedHistograms,
  summarizeHistogram,
  decodeHistogram,
  encodeHistogram,
  createHistogram,
  recordMs,
  percentileMs,
  maxMs,
  histogramCount,
  emptyEncodedHistogram,
  type LatencyHistogram,
} from './histogram.js';
export { classifyStatus, emptyStatusCounts, addStatusCounts, responsesOf, type ResponseClass } from './status-class.js';
export { classifyCacheHeader, emptyCacheCounts, addCacheCounts, type CacheOutcome } from './cache-outcome.js';
export { mergeBuckets, BucketAssembler } from './timeseries.js';
export { summarizeRun } from './summary.js';
export { combineResults, type CombineOptions } from './combine-results.js';
export { bucketStart, epochNow, correctClock, alignedStart } from './clock.js';
export { SATURATION_LAG_P99_MS } from './summary.js';
export { plannedRequests } from './pacer.js';
// the seeded arrival and key streams, so a simulator draws exactly the generator's requests
export { createPacer, ARRIVAL_STREAM, type Pacer, type PacerSpec } from './pacer.js';
export { createKeySampler, keyName, KEY_STREAM, zipfCdf, type KeySampler } from './keys.js';
export { RETRY_STREAM } from './worker-runner.js';
export { createRng, deriveSeed, type Rng as LoadRng } from './rng.js';
