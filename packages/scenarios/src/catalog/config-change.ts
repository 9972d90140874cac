import { FAULT_AT, RIG, type ScenarioDefinition } from './rig.js';

/** A caching-strategy change under load makes every response uncacheable until it is rolled back. */
export const configChange: ScenarioDefinition = {
  summary: 'config deploy set the cache TTL to 0',
  fault: 'reload-cache-config ttlOverrideS 0 (rolled back after 10 s)',
  input: {
    name: 'config-change',
    title: 'Config change under load: TTL 0 deployed to the cache',
    incident:
      'A change to the caching strategy, deployed to the cache under load, made responses uncacheable. As cached ' +
      'objects expired, every request passed through to the origin, which was exhausted within seconds; the ' +
      'errors lasted until the change was rolled back.',
    description:
      'At 12 s the cache configuration is reloaded with a TTL override of 0 s; the origin\'s max-age is 10 s, so ' +
      'within 10 s nothing is cached any more and the origin gets the full request rate. The change is rolled ' +
      'back at 22 s, and the cache refills. Compare with config-change-canary.',
    // 500 keys and 9 slots (~150 requests/s at full load), as in aggressive-ttl: with a 10 s TTL the baseline
    // refetches every key in use every 10 s (~35/s), which must leave the origin headroom; jitter, so that the keys
    // primed together at warm-up do not keep expiring together (a TTL collapse in the baseline).
    load: { ...RIG.load, keys: 500 },
    origin: { ...RIG.origin, concurrency: 9, ttlS: 10, ttlJitterPct: 30 },
    cache: { kind: 'embedded' },
    warmup: RIG.warmup,
    baselineS: RIG.baselineS,
    timeline: [
      { at: FAULT_AT, action: 'reload-cache-config', ttlOverrideS: 0 },
      { at: '22s', action: 'reload-cache-config', ttlOverrideS: null },
    ],
    observe: RIG.observe,
    expect: { recovers: true },
    thresholds: ['rate503 < 0.01', 'recovery.seconds < 10'],
  },
};
