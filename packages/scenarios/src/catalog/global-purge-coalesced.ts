import { globalPurge } from './global-purge.js';
import type { ScenarioDefinition } from './rig.js';

/** The same purge with request coalescing on: one origin request per missing key. */
export const globalPurgeCoalesced: ScenarioDefinition = {
  summary: 'purge absorbed by request coalescing',
  fault: 'purge-all',
  mitigationOf: 'global-purge',
  input: {
    ...globalPurge.input,
    name: 'global-purge-coalesced',
    title: 'Global purge with request coalescing',
    description:
      'The global-purge fault with coalescing on (Varnish\'s default waiting list, nginx proxy_cache_lock, undici ' +
      'deduplicate): concurrent misses for one key wait for a single origin request. The origin sees about one ' +
      'request per key requested after the purge, a burst its queue absorbs, instead of the full request rate.',
    cache: { kind: 'embedded', coalescing: true },
  },
};
