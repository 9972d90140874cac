/**
 * Which cache capabilities a scenario needs, and which each cache kind offers. What a kind offers is the cache
 * registry's (../caches/registry.ts: each kind's options module says it once, for the adapter and for the spec);
 * the adapters report the same at run time (the orchestrator checks again with requireCapability). Reading it
 * here lets a spec fail at validation, before anything starts, and lets the catalog say where each scenario runs.
 */
import { CACHE_KINDS, type CacheCapabilities, type CacheCapability, type CacheKind } from '../caches/adapter.js';
import { CACHE_REGISTRY } from '../caches/registry.js';
import { actionCapabilities } from './actions.js';
import type { ScenarioCache, ScenarioSpec } from './types.js';

/** Every capability name, in a fixed order (the order requiredCapabilities returns them in). */
export const CAPABILITIES: readonly CacheCapability[] = Object.freeze([
  'purgeAll',
  'ban',
  'purgeKeys',
  'restartCold',
  'restartWarm',
  'reloadConfig',
  'nativeStats',
  'coalescingToggle',
  'grace',
] as const satisfies readonly CacheCapability[]);

/**
 * What each kind can do with stampede's generated configuration, from the registry. A user VCL / nginx config
 * decides coalescing and grace itself; an external cache (whose capabilities are its configured actions) is not
 * listed: it can do what its `actions` do.
 */
export const CAPABILITIES_BY_KIND: Readonly<Record<Exclude<CacheKind, 'external'>, CacheCapabilities>> =
  Object.freeze(
    Object.fromEntries(
      CACHE_KINDS.filter((k) => CACHE_REGISTRY[k].options.actionFor === undefined).map((k) => [k, CACHE_REGISTRY[k].capabilities({})]),
    ) as Record<Exclude<CacheKind, 'external'>, CacheCapabilities>,
  );

/** The capabilities of a configured cache: the registry's, narrowed by its own file or made of its actions. */
export function cacheCapabilities(
  cache: Pick<ScenarioCache, 'kind' | 'actions' | 'vclFile' | 'nginxConfFile'>,
): CacheCapabilities {
  return CACHE_REGISTRY[cache.kind].capabilities(cache);
}

/** The capabilities the cache settings themselves need: switching coalescing off, controlling grace. */
export function cacheSettingCapabilities(cache: Pick<ScenarioCache, 'coalescing' | 'grace'>): CacheCapability[] {
  const needs: CacheCapability[] = [];
  if (cache.coalescing === false) needs.push('coalescingToggle');
  if (cache.grace !== undefined) needs.push('grace');
  return needs;
}

/**
 * Every cache capability the scenario needs (its cache settings and its timeline actions), each once, in the order
 * of CAPABILITIES.
 */
export function requiredCapabilities(spec: Pick<ScenarioSpec, 'cache' | 'timeline'>): CacheCapability[] {
  const needed = new Set<CacheCapability>(cacheSettingCapabilities(spec.cache));
  for (const step of spec.timeline) for (const c of actionCapabilities(step)) needed.add(c);
  return CAPABILITIES.filter((c) => needed.has(c));
}
