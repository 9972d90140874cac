/**
 * Scenarios state what they need from the cache; requireCapability fails before any load is sent, with the
 * fix in the message, instead of a run that dies at its fault injection.
 */
import type { CacheAdapter, CacheCapability, CacheKind } from './adapter.js';
import { UnsupportedCapabilityError } from './errors.js';

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

/** Why `kind` lacks `capability`, and what to do about it. */
function remedy(kind: CacheKind, capability: CacheCapability): string {
  if (kind === 'external') {
    const flags: Partial<Record<CacheCapability, string>> = {
      purgeAll: 'pass --purge-cmd/--purge-url (options.actions.purgeAll)',
      ban: 'pass --ban-cmd/--ban-url (options.actions.ban; the pattern arrives as $STAMPEDE_PATTERN or {{pattern}})',
      purgeKeys: 'pass --purge-key-cmd/--purge-key-url (options.actions.purgeKey; $STAMPEDE_PATH or {{path}})',
      restartCold: 'pass --restart-cmd/--restart-url (options.actions.restart)',
      restartWarm: 'pass --restart-cmd/--restart-url (options.actions.restart)',
      reloadConfig: 'pass --reload-cmd/--reload-url (options.actions.reloadConfig)',
    };
    return `which the external cache has no command for: ${flags[capability] ?? 'stampede cannot control an external cache this way; use --cache varnish, nginx or embedded'}`;
  }
  if (kind === 'varnish') return 'which your VCL file decides: set it in the VCL, or run without --vcl to use the generated one';
  if (kind === 'nginx') return 'which your nginx.conf decides: set it in the file, or run without --nginx-conf to use the generated one';
  return 'which the embedded cache does not support';
}

/**
 * @throws UnsupportedCapabilityError (code STAMPEDE_SPEC), e.g. "scenario global-purge needs purgeAll, which the
 * external cache has no command for: pass --purge-cmd/--purge-url (options.actions.purgeAll)"
 */
export function requireCapability(adapter: Pick<CacheAdapter, 'kind' | 'capabilities'>, capability: CacheCapability, scenarioName: string): void {
  if (adapter.capabilities[capability]) return;
  throw new UnsupportedCapabilityError(
    `scenario ${scenarioName} needs ${WHAT[capability]}, ${remedy(adapter.kind, capability)}`,
    capability,
    adapter.kind,
  );
}

/** Every missing capability at once (for `stampede list` / spec validation). */
export function missingCapabilities(adapter: Pick<CacheAdapter, 'capabilities'>, needed: readonly CacheCapability[]): CacheCapability[] {
  return needed.filter((c) => !adapter.capabilities[c]);
}
