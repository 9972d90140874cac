import { FAULT_AT, RIG, type ScenarioDefinition } from './rig.js';

/** A TTL cut to one second under load sends most requests through to the origin. */
export const aggressiveTtl: ScenarioDefinition = {
  summary: 'TTL cut to 1 s: every request hits the DB',
  fault: 'set-origin-ttl 1s (rolled back after 10 s)',
  input: {
    name: 'aggressive-ttl',
    title: 'Aggressive invalidation: a 1-second TTL under load',
    incident:
      'A change made cache invalidation so aggressive — objects that used to live for seconds to minutes now ' +
      'expired after one second — that nearly every request went through to the database. The origin, sized for ' +
      'the usual hit ratio, saturated and errors lasted until the change was rolled back.',
    description:
      'The origin normally sends max-age=10. At 12 s it starts sending max-age=1; as objects expire, the cache ' +
      'refetches each key every second and, with coalescing off, once per concurrent miss: the origin is pushed ' +
      'past capacity and answers 503. At 22 s the TTL goes back to 10 s. Compare with aggressive-ttl-swr.',
    // 500 keys: one refetch per key per second must fit in the origin (aggressive-ttl-swr), all 500 requests/s not.
    load: { ...RIG.load, keys: 500 },
    // A short baseline TTL, so that the new TTL reaches every object within the observation window, with jitter so
    // that the keys primed together at warm-up do not keep expiring together (a TTL collapse in the baseline).
    // 9 slots: ~150 requests/s at full load.
    origin: { ...RIG.origin, concurrency: 9, ttlS: 10, ttlJitterPct: 30 },
    cache: { kind: 'embedded', coalescing: false },
    warmup: RIG.warmup,
    baselineS: RIG.baselineS,
    timeline: [
      { at: FAULT_AT, action: 'set-origin-ttl', ttlS: 1 },
      { at: '22s', action: 'set-origin-ttl', ttlS: 10 },
    ],
    observe: RIG.observe,
    expect: { recovers: true },
    thresholds: ['rate503 < 0.01'],
  },
};
