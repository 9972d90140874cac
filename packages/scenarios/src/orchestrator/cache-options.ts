import type { CacheAdapterOptions } from '../caches/options.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { stripUndefined } from './strip-undefined.js';

/**
 * The spec's cache section as the cache adapter's options (unset fields take the adapter's defaults). The spec's
 * cache fields are adapter option names, and the spec has already refused those the kind does not take
 * (spec/cross-checks.ts, from the cache registry), so every field but `kind` is passed on as it is.
 */
export function cacheOptions(spec: ScenarioSpec): CacheAdapterOptions {
  const { kind: _kind, ...options } = spec.cache;
  return stripUndefined(options);
}
