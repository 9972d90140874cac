import type { ScenarioDefinition } from './rig.js';
import { ttlCollapse } from './ttl-collapse.js';

/** The same priming with stale-while-revalidate and coalescing: stale answers while one refetch runs. */
export const ttlCollapseSwr: ScenarioDefinition = {
  summary: 'expiry hidden by stale-while-revalidate',
  fault: 'synchronized expiry',
  mitigationOf: 'ttl-collapse',
  input: {
    ...ttlCollapse.input,
    name: 'ttl-collapse-swr',
    title: 'TTL collapse with stale-while-revalidate and coalescing',
    description:
      'The ttl-collapse setup with the origin sending stale-while-revalidate=30 and the cache coalescing: expired ' +
      'hot keys are served stale while one background refetch per key runs (Varnish grace, nginx ' +
      'proxy_cache_background_update). Without coalescing the embedded cache would fire one background refetch ' +
      'per request, so both are on.',
    origin: { ...ttlCollapse.input.origin, staleWhileRevalidateS: 30 },
    cache: { kind: 'embedded', coalescing: true },
  },
};
