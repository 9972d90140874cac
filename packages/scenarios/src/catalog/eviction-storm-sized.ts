import { evictionStorm } from './eviction-storm.js';
import { FAULT_AT, type ScenarioDefinition } from './rig.js';

/** The same change with the cache sized for its working set. */
export const evictionStormSized: ScenarioDefinition = {
  summary: 'cache sized for its working set',
  fault: 'reload-cache-config maxCount 600',
  mitigationOf: 'eviction-storm',
  input: {
    ...evictionStorm.input,
    name: 'eviction-storm-sized',
    title: 'Eviction storm avoided: a cache sized for its working set',
    description:
      'The eviction-storm change, but to 600 entries: the keys that carry ~93 % of requests fit, evictions touch ' +
      'only the tail, and the hit ratio barely moves. Size caches from the measured working set (the keys that ' +
      'carry most requests over a TTL), not from the average object count.',
    timeline: [{ at: FAULT_AT, action: 'reload-cache-config', maxCount: 600 }],
  },
};
