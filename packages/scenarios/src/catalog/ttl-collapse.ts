import { RIG, type ScenarioDefinition } from './rig.js';

/**
 * The hot keys are cached at the same moment with the same TTL, so they expire together; without coalescing every
 * request for them misses until one refetch lands, and refetching is expensive.
 */
export const ttlCollapse: ScenarioDefinition = {
  summary: 'hot keys cached together expire together',
  fault: 'synchronized expiry',
  input: {
    name: 'ttl-collapse',
    title: 'TTL collapse: the hot set expires at once',
    incident:
      'Objects cached at the same moment with the same TTL expire at the same moment. After a cache warm-up primed ' +
      'the hottest pages together, they all expired together; every request for them missed until a refetch ' +
      'completed, and with no request coalescing each miss regenerated an expensive page at the origin — the ' +
      'dog-pile (thundering herd) that memcache leases (Nishtala et al., NSDI 2013) and probabilistic early ' +
      'expiration (XFetch, VLDB 2015) were designed to stop.',
    description:
      'Warm-up primes the 50 hottest of 500 keys (~73 % of requests) within a quarter of a second; the origin sends ' +
      'one fixed TTL (24 s), so they expire together 14-17 s into the load (24 s minus the 5 s warm-up and ' +
      'the ~4 s it takes to start the warm-up and the measured load); the mark at 13 s is the fault the analysis ' +
      'measures from. Pages are expensive (150 ms median, 32 slots, a 16-request queue), so misses pile up while ' +
      'the first refetch runs: watch the 503 and p99 spike at ~15-17 s, the origin queue, and the echo one TTL later ' +
      'when the keys refetched together expire together again. Compare with ttl-collapse-jitter and ttl-collapse-swr.',
    load: { ...RIG.load, keys: 500 },
    origin: {
      ...RIG.origin,
      concurrency: 32,
      queue: 16,
      serviceTime: { kind: 'lognormal', p50Ms: 150, p99Ms: 400 },
      ttlS: 24,
    },
    cache: { kind: 'embedded', coalescing: false },
    warmup: { prefetchTopN: 50, prefetchRatePerS: 200, durationS: '5s' },
    baselineS: RIG.baselineS,
    timeline: [{ at: '13s', action: 'mark', label: 'the hot set primed at warm-up expires (TTL 24 s)' }],
    observe: RIG.observe,
    // A miss costs a 150/400 ms page, and the share of misses drifts as the keys fetched during warm-up come due:
    // a bucket whose p99 is within one page (250 ms) of the baseline's is healthy.
    recovery: { p99SlackMs: 250 },
    expect: { recovers: true },
    thresholds: ['rate503 < 0.001', 'recovery.seconds < 5'],
  },
};
