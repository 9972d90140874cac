import { FAULT_AT, RIG, type ScenarioDefinition } from './rig.js';

/** A purge meant for a few objects bans the whole cache, with request coalescing off. */
export const globalPurge: ScenarioDefinition = {
  summary: 'a purge script banned the whole cache',
  fault: 'purge-all',
  input: {
    name: 'global-purge',
    title: 'Global purge: every object dropped at once, no request coalescing',
    incident:
      'A purge script that was meant to clear a handful of entries issued a ban matching every object in a Varnish ' +
      'cache. Every request became a miss at the same moment; the backend, sized for the cache\'s miss traffic, ' +
      'was overwhelmed and users got 503s for about 75 minutes.',
    description:
      'At 12 s every cached object is dropped. With coalescing off, each concurrent miss for a hot key is its own ' +
      'origin request: the origin sees the full request rate (~4x its capacity), its queue fills and it answers ' +
      '503 until the hot set is back in the cache. Watch origin arrivals vs. baseline (amplification), the 503 ' +
      'spike and the hit ratio climbing back. Compare with global-purge-coalesced.',
    load: RIG.load,
    // A larger origin than the rig's: enough that coalescing alone absorbs a full purge (global-purge-coalesced).
    origin: { ...RIG.origin, concurrency: 8, queue: 64 },
    cache: { kind: 'embedded', coalescing: false },
    warmup: RIG.warmup,
    baselineS: RIG.baselineS,
    timeline: [{ at: FAULT_AT, action: 'purge-all' }],
    observe: RIG.observe,
    expect: { recovers: true },
    thresholds: ['rate503 < 0.001', 'recovery.seconds < 15'],
  },
};
