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
      'Warm-up primes the 50 hottest of 500 keys (~73 % of requests) within half a second; the origin sends one ' +
      'fixed TTL (20 s), so they expire together just before 15 s into the load (20 s minus the 5 s warm-up, ' +
      'minus any pause before the load starts); the mark at 13 s is the fault the analysis measures from. Pages ' +
      'are expensive (150 ms median), so misses pile up while the first refetch runs. Watch the p99 and 503 ' +
      'spike at ~15 s and the echo one TTL later. Compare with ttl-collapse-jitter and ttl-collapse-swr.',
    load: { ...RIG.load, keys: 500 },
    origin: {
      ...RIG.origin,
      concurrency: 16,
      queue: 64,
      serviceTime: { kind: 'lognormal', p50Ms: 150, p99Ms: 400 },
      ttlS: 20,
    },
    cache: { kind: 'embedded', coalescing: false },
    warmup: { prefetchTopN: 50, prefetchRatePerS: 200, durationS: '5s' },
    baselineS: RIG.baselineS,
    timeline: [{ at: '13s', action: 'mark', label: 'the hot set primed at warm-up expires (TTL 20 s)' }],
    observe: RIG.observe,
    expect: { recovers: true },
    thresholds: ['rate503 < 0.001', 'recovery.seconds < 5'],
  },
};
