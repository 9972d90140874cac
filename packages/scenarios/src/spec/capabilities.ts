/**
 * Which cache capabilities a scenario needs, and which each cache kind offers with stampede's own configuration.
 * The adapters report their real capabilities at run time (a user VCL may turn some off; the orchestrator checks
 * again with requireCapability); this table lets a spec fail at validation, before anything starts, and lets the
 * catalog say where each scenario runs.
 */
import type { CacheCapabilities, CacheCapability, CacheKind } from '../caches/adapter.js';
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

const all = (value: boolean): CacheCapabilities => ({
  purgeAll: value,
  ban: value,
  purgeKeys: value,
  restartCold: value,
  restartWarm: value,
  reloadConfig: value,
  nativeStats: value,
  coalescingToggle: value,
  grace: value,
});

/**
 * What each kind can do with stampede's generated configuration, as the adapters declare it (caches/*-cache.ts).
 * A user VCL / nginx config decides coalescing and grace itself; an external cache can do what its `actions` do.
 */
export const CAPABILITIES_BY_KIND: Readonly<Record<Exclude<CacheKind, 'external'>, CacheCapabilities>> =
  Object.freeze({
    embedded: all(true),
    varnish: all(true),
    nginx: all(true),
  });

/** The capabilities of a configured cache. */
export function cacheCapabilities(
  cache: Pick<ScenarioCache, 'kind' | 'actions' | 'vclFile' | 'nginxConfFile'>,
): CacheCapabilities {
  if (cache.kind !== 'external') {
    const ownFile = cache.kind === 'varnish' ? cache.vclFile : cache.kind === 'nginx' ? cache.nginxConfFile : undefined;
    const base = CAPABILITIES_BY_KIND[cache.kind];
    return ownFile === undefined ? base : { ...base, coalescingToggle: false, grace: false };
  }
  const a = cache.actions ?? {};
  return {
    ...all(false),
    purgeAll: a.purgeAll !== undefined,
    ban: a.ban !== undefined,
    purgeKeys: a.purgeKey !== undefined,
    restartCold: a.restart !== undefined,
    restartWarm: a.restart !== undefined,
    reloadConfig: a.reloadConfig !== undefined,
  };
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
