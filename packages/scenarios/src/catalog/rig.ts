/**
 * The test rig every built-in scenario starts from, sized so that a run finishes within a minute on a 2-core
 * machine through the embedded cache:
 *
 * - 500 requests/s (Poisson) over 1000 keys with Zipf(1.1) popularity: the top 200 keys carry ~84 % of requests.
 * - An origin with 6 slots and a 40 ms median (120 ms p99) service time that slows by up to 50 % under load: about
 *   100 requests/s at full load. A warm cache sends it ~20-50 misses/s (it fits easily); a cold one sends all 500
 *   (about 5x its capacity). Its 32-request queue turns a 1-s wait into a 503.
 * - 1024 client connections, so the generator never caps the concurrency a stampede creates.
 * - Warm-up (not measured): the top 200 keys prefetched at 100/s, then 5 s of load.
 * - Baseline 10 s, fault at 12 s, at most 30 s of observation after the last fault, stopping 5 s after recovery;
 *   load.durationS 45 s caps the measured part.
 *
 * The sizes were chosen with a queueing simulation of this rig (cache, coalescing, origin slots, queue, timeouts);
 * real runs differ in detail (HTTP overhead, the cache's own behaviour), which is what stampede measures.
 */
import type { ScenarioInput } from '../scenario-spec/schema.js';

export type ScenarioDefinition = {
  input: ScenarioInput;
  /** the incident in a few words, for `stampede list` */
  summary: string;
  /** the fault in a few words */
  fault: string;
  /** the incident scenario this one fixes */
  mitigationOf?: string;
};

export const RIG = {
  load: {
    ratePerS: 500,
    durationS: '45s',
    keys: 1000,
    distribution: 'zipf:1.1',
    arrival: 'poisson',
    seed: 1,
    // Open-model users are not limited to a few sockets: a stampede's concurrency is rate x latency (500/s x ~1 s).
    // With too few connections the generator itself would cap what reaches the origin (requests queue client-side).
    connections: 1024,
  },
  origin: {
    concurrency: 6,
    queue: 32,
    queueTimeoutMs: 1000,
    serviceTime: { kind: 'lognormal', p50Ms: 40, p99Ms: 120 },
    contention: 0.5,
    ttlS: 300,
    bodyBytes: 1024,
  },
  warmup: { prefetchTopN: 200, prefetchRatePerS: 100, durationS: '5s' },
  baselineS: 10,
  observe: { maxS: '30s', stopWhenRecovered: true, extraS: '5s' },
} as const satisfies Pick<ScenarioInput, 'load' | 'origin' | 'warmup' | 'baselineS' | 'observe'>;

/** When the fault lands: two seconds after the baseline window. */
export const FAULT_AT = '12s';
