import { FAULT_AT, RIG, type ScenarioDefinition } from './rig.js';

/** The cache shrinks below its working set and evicts hot entries constantly. */
export const evictionStorm: ScenarioDefinition = {
  summary: 'cache shrunk below its hot set',
  fault: 'reload-cache-config maxCount 100',
  input: {
    name: 'eviction-storm',
    title: 'Eviction storm: a cache smaller than its hot set',
    incident:
      'A cache sized below its working set — in the reference incident, the cache in front of an authentication ' +
      'service — evicted hot entries to make room for cold ones, over and over. The hit ratio collapsed and stayed ' +
      'low, and the service behind it took the misses for as long as the cache stayed too small.',
    description:
      'At 12 s a configuration change shrinks the cache to 100 entries while 1000 keys are in use: the top 100 ' +
      'carry ~77 % of requests, but LRU keeps evicting them for tail keys. Miss traffic stays above the origin\'s ' +
      'capacity for as long as the change stays, so the run does not recover. Embedded cache only (maxCount). ' +
      'Compare with eviction-storm-sized.',
    load: RIG.load,
    origin: RIG.origin,
    cache: { kind: 'embedded' },
    warmup: RIG.warmup,
    baselineS: RIG.baselineS,
    timeline: [{ at: FAULT_AT, action: 'reload-cache-config', maxCount: 100 }],
    observe: { ...RIG.observe, maxS: '20s' },
    expect: { recovers: true },
    thresholds: ['rate503 < 0.001', 'recovery.seconds < 10'],
  },
};
