/**
 * Scenarios state what they need from the cache; requireCapability fails before any load is sent, with the
 * fix in the message, instead of a run that dies at its fault injection.
 */
import type { CacheAdapter, CacheCapability } from './adapter.js';
import { UnsupportedCapabilityError } from './errors.js';
import { CACHE_REGISTRY } from './registry.js';

const WHAT: Readonly<Record<CacheCapability, string>> = {
  purgeAll: 'purgeAll',
  ban: 'ban (drop objects by URL regex)',
  purgeKeys: 'purgeKeys (drop given paths)',
  restartCold: 'a cold restart',
  restartWarm: 'a warm restart',
  reloadConfig: 'a config reload under load',
  nativeStats: "the cache's own counters",
  coalescingToggle: 'switching request coalescing off',
  grace: 'control over grace / stale-while-revalidate',
};

/**
 * @throws UnsupportedCapabilityError (code STAMPEDE_SPEC), e.g. "scenario global-purge needs purgeAll, which the
 * external cache has no command for: pass --purge-cmd/--purge-url (options.actions.purgeAll)"
 */
export function requireCapability(adapter: Pick<CacheAdapter, 'kind' | 'capabilities'>, capability: CacheCapability, scenarioName: string): void {
  if (adapter.capabilities[capability]) return;
  throw new UnsupportedCapabilityError(
    `scenario ${scenarioName} needs ${WHAT[capability]}, ${CACHE_REGISTRY[adapter.kind].options.remedy(capability)}`,
    capability,
    adapter.kind,
  );
}

/** Every missing capability at once (for `stampede list` / spec validation). */
export function missingCapabilities(adapter: Pick<CacheAdapter, 'capabilities'>, needed: readonly CacheCapability[]): CacheCapability[] {
  return needed.filter((c) => !adapter.capabilities[c]);
}
