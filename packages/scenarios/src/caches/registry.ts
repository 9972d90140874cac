/**
 * The table of cache kinds: kind -> its options module (fields, defaults, outcome header, binaries, user config
 * file; options.ts CACHE_KIND_OPTIONS holds that column so that validation need not load the adapters), its
 * capabilities and its factory. createCacheAdapter, the scenario spec, `stampede compare` and the orchestrator read
 * per-kind facts from here; see README.md, "What a new adapter consists of".
 */
import { CACHE_KINDS, type CacheAdapter, type CacheCapabilities, type CacheConfigChange, type CacheKind } from './adapter.js';
import { EmbeddedCache } from './embedded/embedded-cache.js';
import { CacheOptionsError } from './errors.js';
import { ExternalCache } from './external/external-cache.js';
import type { CacheKindOptions, CapabilitySettings } from './kind-options.js';
import { NginxCache } from './nginx/nginx-cache.js';
import {
  CACHE_KIND_OPTIONS,
  resolveCacheOptions,
  resolveConfigChange,
  type CacheAdapterOptions,
  type OptionsByKind,
} from './options.js';
import { VarnishCache } from './varnish/varnish-cache.js';

/** Validates a run-time change for the adapter's kind (options.ts resolveConfigChange, bound to the kind). */
export type ResolveChange = (change: CacheConfigChange) => CacheConfigChange;

export interface CacheKindEntry<O> {
  readonly options: CacheKindOptions<O>;
  /** what an adapter of this kind can do with these settings (the adapter reports the same) */
  readonly capabilities: (settings: CapabilitySettings) => CacheCapabilities;
  /** a new adapter, not started; `options` are validated and defaulted */
  readonly create: (options: O, resolveChange: ResolveChange) => CacheAdapter;
}

export const CACHE_REGISTRY: { readonly [K in CacheKind]: CacheKindEntry<OptionsByKind[K]> } = Object.freeze({
  embedded: {
    options: CACHE_KIND_OPTIONS.embedded,
    capabilities: CACHE_KIND_OPTIONS.embedded.capabilities,
    create: (o, resolveChange) => new EmbeddedCache(o, resolveChange),
  },
  varnish: {
    options: CACHE_KIND_OPTIONS.varnish,
    capabilities: CACHE_KIND_OPTIONS.varnish.capabilities,
    create: (o, resolveChange) => new VarnishCache(o, resolveChange),
  },
  nginx: {
    options: CACHE_KIND_OPTIONS.nginx,
    capabilities: CACHE_KIND_OPTIONS.nginx.capabilities,
    create: (o, resolveChange) => new NginxCache(o, resolveChange),
  },
  external: {
    options: CACHE_KIND_OPTIONS.external,
    capabilities: CACHE_KIND_OPTIONS.external.capabilities,
    create: (o, resolveChange) => new ExternalCache(o, resolveChange),
  },
});

/**
 * A cache adapter of `kind`, not started yet.
 * @throws CacheOptionsError (code STAMPEDE_SPEC) naming every bad option at once
 */
export function createCacheAdapter(kind: CacheKind, options: CacheAdapterOptions): CacheAdapter {
  if (!Object.hasOwn(CACHE_REGISTRY, kind)) {
    throw new CacheOptionsError([
      { path: 'kind', message: `cache kind must be one of ${CACHE_KINDS.join(', ')} (got ${JSON.stringify(kind)})` },
    ]);
  }
  const entry = CACHE_REGISTRY[kind] as CacheKindEntry<OptionsByKind[CacheKind]>;
  return entry.create(resolveCacheOptions(kind, options), (change) => resolveConfigChange(kind, change));
}
