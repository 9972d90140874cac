import type { ScenarioDefinition } from './rig.js';
import { ttlCollapse } from './ttl-collapse.js';

/** The same priming with TTL jitter: expiries spread over a window instead of one instant. */
export const ttlCollapseJitter: ScenarioDefinition = {
  summary: 'expiries spread out by TTL jitter',
  fault: 'synchronized expiry',
  mitigationOf: 'ttl-collapse',
  input: {
    ...ttlCollapse.input,
    name: 'ttl-collapse-jitter',
    title: 'TTL collapse with TTL jitter',
    description:
      'The ttl-collapse setup with the origin adding +/-50 % jitter to every max-age: the primed hot set expires ' +
      'over 12-36 s instead of at one instant, so refetches trickle in at a rate the origin absorbs.',
    origin: { ...ttlCollapse.input.origin, ttlJitterPct: 50 },
  },
};
