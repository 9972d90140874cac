import type { CacheAdapter } from '../caches/adapter.js';
import { missingCapabilities } from '../caches/capabilities.js';
import { createCacheAdapter } from '../caches/registry.js';
import { SpecError, requiredCapabilities, type ScenarioSpec } from '../scenario-spec/index.js';
import { cacheOptions } from './cache-options.js';

/** The scenario's cache in front of `originUrl`, not started yet. */
export function createCache(spec: ScenarioSpec, originUrl: string, allowRemote: boolean): CacheAdapter {
  return createCacheAdapter(spec.cache.kind, { originUrl, allowRemote, ...cacheOptions(spec) });
}

/** Throws SpecError when the scenario's actions need something this cache cannot do. */
export function assertCacheCan(spec: ScenarioSpec, cache: CacheAdapter): void {
  const missing = missingCapabilities(cache, requiredCapabilities(spec));
  if (missing.length > 0) {
    throw new SpecError([
      `scenario ${spec.name} needs ${missing.join(', ')}, which the ${spec.cache.kind} cache cannot do: pick a cache that can (stampede list shows which) or drop those timeline actions`,
    ]);
  }
}
