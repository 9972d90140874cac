/**
 * A comparison side's configuration as scenario input: which overrides `resolveScenario` applies (the cache kind,
 * a VCL / nginx file, coalescing: exactly what `stampede run --cache/--vcl/--nginx-conf/--coalescing` would) and
 * which cache fields are then written into the resolved spec (grace, TTL override, sizes: no run flag has them).
 * Pure.
 */
import { CACHE_REGISTRY } from '../caches/registry.js';
import type { ScenarioOverrides } from '../scenario-spec/overrides.js';
import type { CacheConfig } from './parse-cache-config.js';

export function configOverrides(config: CacheConfig, base: ScenarioOverrides = {}): ScenarioOverrides {
  const o: ScenarioOverrides = { ...base, cache: config.kind };
  // the kind's own configuration file option (varnish: vclFile, nginx: nginxConfFile), from the cache registry
  const field = CACHE_REGISTRY[config.kind].options.ownFile?.field;
  if (config.file !== undefined && field !== undefined) o[field] = config.file;
  if (config.settings.coalescing !== undefined) o.coalescing = config.settings.coalescing;
  return o;
}

/** True when the configuration sets cache fields beyond what the overrides carry. */
export function hasExtraCacheSettings(config: CacheConfig): boolean {
  const { coalescing: _coalescing, ...rest } = config.settings;
  return Object.keys(rest).length > 0;
}

/**
 * A copy of a (valid) spec with the configuration's other cache settings written in, ready to validate again.
 * `ttlOverrideS: null` removes the scenario's override.
 */
export function withCacheSettings(spec: unknown, config: CacheConfig): unknown {
  const raw = structuredClone(spec) as Record<string, unknown>;
  const cache = { ...((raw['cache'] as Record<string, unknown> | undefined) ?? {}) };
  const { coalescing: _coalescing, ...rest } = config.settings;
  for (const [key, value] of Object.entries(rest)) {
    if (value === null) delete cache[key];
    else cache[key] = value;
  }
  raw['cache'] = cache;
  return raw;
}
