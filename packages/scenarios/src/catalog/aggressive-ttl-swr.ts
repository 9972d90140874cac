import { aggressiveTtl } from './aggressive-ttl.js';
import { FAULT_AT, type ScenarioDefinition } from './rig.js';

/** The same TTL cut sent with stale-while-revalidate, through a coalescing cache. */
export const aggressiveTtlSwr: ScenarioDefinition = {
  summary: '1 s TTL with stale-while-revalidate',
  fault: 'set-origin-ttl 1s + swr 30s (rolled back after 10 s)',
  mitigationOf: 'aggressive-ttl',
  input: {
    ...aggressiveTtl.input,
    name: 'aggressive-ttl-swr',
    title: 'Aggressive invalidation with stale-while-revalidate and coalescing',
    description:
      'The aggressive-ttl change, sent with stale-while-revalidate=30, through a coalescing cache: an expired object ' +
      'is served stale while one background refetch per key runs. Users mostly see cached answers; the origin ' +
      'still sees roughly one request per key per second, which shows in origin arrivals rather than in 503s.',
    cache: { kind: 'embedded', coalescing: true },
    timeline: [
      { at: FAULT_AT, action: 'set-origin-ttl', ttlS: 1, staleWhileRevalidateS: 30 },
      { at: '22s', action: 'set-origin-ttl', ttlS: 10, staleWhileRevalidateS: 0 },
    ],
  },
};
