import { FAULT_AT, RIG, type ScenarioDefinition } from './rig.js';

/**
 * The origin of a retry storm: 8 slots (~130 requests/s at full load), a long FIFO queue with a 10 s timeout, and
 * no way to see that a waiting client has gone (`serveAbandoned`, as a thread pool or a database): a request whose
 * client timed out is still served when its turn comes, in vain.
 */
const ORIGIN = { ...RIG.origin, concurrency: 8, queue: 512, queueTimeoutMs: 10_000, serveAbandoned: true } as const;

/** The same clients' traffic for the incident and its mitigation: only their retry policy differs. */
export const RETRY_STORM_LOAD = { ...RIG.load, durationS: '32s', timeoutMs: 1000 } as const;

/**
 * The trigger: part of the cache is dropped (keys k200-k399, ~7% of the requests, so the origin's miss traffic about
 * triples but stays well within its capacity) and the origin stalls for 3 s at the same moment.
 */
export const RETRY_STORM_TIMELINE = [
  { at: FAULT_AT, action: 'ban', pattern: '^/items/k[23][0-9][0-9]$' },
  { at: FAULT_AT, action: 'origin-pause', durationS: '3s' },
] as const;

/** Clients that time out at 1 s and retry every failure at once, up to 5 attempts, with no retry budget. */
export const retryStorm: ScenarioDefinition = {
  summary: 'client retries keep a stalled origin down',
  fault: 'ban of 7% of keys + 3 s origin stall',
  input: {
    name: 'retry-storm',
    title: 'Retry storm: a 3 s stall that aggressive client retries turn into an outage',
    incident:
      'Metastable failures (Bronson et al., HotOS 2021; Huang et al., OSDI 2022): a brief trigger - here part of the ' +
      'cache invalidated while the backend stalls for a moment - makes requests time out; clients retry at once, ' +
      'several times, without a budget. The backend works through requests whose clients have already given up, ' +
      'the retries keep its queue full of them, and the system stays down after the trigger has long gone.',
    description:
      'At 12 s the keys k200-k399 are banned (the miss traffic about triples, still within the origin\'s capacity) ' +
      'and the origin stalls for 3 s. Requests queued behind the stall time out (1 s) and are retried at once, ' +
      'up to 5 attempts. The origin cannot see that a client has gone: it serves every queued request in turn, and ' +
      'they have all waited longer than their client would. Its goodput drops to zero, nothing it serves is cached, ' +
      'and the retries (up to 5 per failing request) keep its queue full: the run never recovers, and ' +
      'summary.recovery says it is sustained by retries. Compare with retry-storm-backoff: the same trigger, clients ' +
      'with exponential backoff, full jitter and a retry budget.',
    load: {
      ...RETRY_STORM_LOAD,
      retry: { on: ['503', '5xx', 'timeout', 'connError'], maxAttempts: 5, backoff: 'constant', baseMs: 1, jitter: 'none' },
    },
    origin: ORIGIN,
    cache: { kind: 'embedded', coalescing: false },
    warmup: RIG.warmup,
    baselineS: RIG.baselineS,
    timeline: [...RETRY_STORM_TIMELINE],
    observe: { ...RIG.observe, maxS: '20s' },
    expect: { recovers: true },
    thresholds: ['recovery.seconds < 15', 'rate503 < 0.01'],
  },
};
