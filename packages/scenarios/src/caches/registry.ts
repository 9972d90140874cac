/** The one place that maps a cache kind to its adapter. Options are validated here, before anything starts. */
import { CACHE_KINDS, type CacheAdapter, type CacheKind } from './adapter.js';
import { EmbeddedCache } from './embedded/embedded-cache.js';
import { CacheOptionsError } from './errors.js';
import { ExternalCache } from './external/external-cache.js';
import { NginxCache } from './nginx/nginx-cache.js';
import { resolveCacheOptions, type CacheAdapterOptions } from './options.js';
import { VarnishCache } from './varnish/varnish-cache.js';

/**
 * A cache adapter of `kind`, not started yet.
 * @throws CacheOptionsError (code STAMPEDE_SPEC) naming every bad option at once
 */
export function createCacheAdapter(kind: CacheKind, options: CacheAdapterOptions): CacheAdapter {
  switch (kind) {
    case 'embedded':
      return new EmbeddedCache(resolveCacheOptions('embedded', options));
    case 'varnish':
      return new VarnishCache(resolveCacheOptions('varnish', options));
    case 'nginx':
      return new NginxCache(resolveCacheOptions('nginx', options));
    case 'external':
      return new ExternalCache(resolveCacheOptions('external', options));
    default:
      throw new CacheOptionsError([
        { path: 'kind', message: `cache kind must be one of ${CACHE_KINDS.join(', ')} (got ${JSON.stringify(kind)})` },
      ]);
  }
}
