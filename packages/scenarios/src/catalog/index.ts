/**
 * The built-in scenarios: one file per scenario, each tied to an incident from real postmortems, each incident
 * paired with the scenario that shows its fix. Specs are validated when this module loads (a bad built-in is a bug,
 * caught by catalog.test.ts).
 */
import type { CacheCapability, CacheKind } from '../caches/adapter.js';
import { requiredCapabilities } from '../scenario-spec/capabilities.js';
import { SpecError } from '../scenario-spec/errors.js';
import { applyOverrides } from '../scenario-spec/overrides.js';
import type { ScenarioSpec } from '../scenario-spec/types.js';
import { deepFreeze, validateScenario } from '../scenario-spec/validate.js';
import { aggressiveTtl } from './aggressive-ttl.js';
import { aggressiveTtlSwr } from './aggressive-ttl-swr.js';
import { coldRestart } from './cold-restart.js';
import { configChange } from './config-change.js';
import { configChangeCanary } from './config-change-canary.js';
import { evictionStorm } from './eviction-storm.js';
import { evictionStormSized } from './eviction-storm-sized.js';
import { globalPurge } from './global-purge.js';
import { globalPurgeCoalesced } from './global-purge-coalesced.js';
import { retryStorm } from './retry-storm.js';
import { retryStormBackoff } from './retry-storm-backoff.js';
import type { ScenarioDefinition } from './rig.js';
import { ttlCollapse } from './ttl-collapse.js';
import { ttlCollapseJitter } from './ttl-collapse-jitter.js';
import { ttlCollapseSwr } from './ttl-collapse-swr.js';
import { warmRestart } from './warm-restart.js';

export type { ScenarioDefinition } from './rig.js';

export interface CatalogEntry {
  readonly spec: ScenarioSpec;
  /** the incident in a few words */
  readonly summary: string;
  /** the fault in a few words */
  readonly fault: string;
  /** incidents: the scenarios that show the fix */
  readonly mitigations: readonly string[];
  /** mitigations: the incident they fix */
  readonly mitigationOf?: string;
  /** cache capabilities the scenario needs */
  readonly requires: readonly CacheCapability[];
  /** caches stampede starts that the scenario validates and runs on (an external cache: when its actions provide
   * `requires`) */
  readonly supports: readonly CacheKind[];
}

/** Incidents, each followed by its mitigations: the order `stampede list` prints. */
const DEFINITIONS: readonly ScenarioDefinition[] = [
  globalPurge,
  globalPurgeCoalesced,
  ttlCollapse,
  ttlCollapseJitter,
  ttlCollapseSwr,
  coldRestart,
  warmRestart,
  aggressiveTtl,
  aggressiveTtlSwr,
  evictionStorm,
  evictionStormSized,
  configChange,
  configChangeCanary,
  retryStorm,
  retryStormBackoff,
];

const STARTED_KINDS: readonly CacheKind[] = ['embedded', 'varnish', 'nginx'];

/** The kinds stampede starts on which the spec validates when run with --cache <kind>. */
function supportedKinds(spec: ScenarioSpec): CacheKind[] {
  return STARTED_KINDS.filter((kind) => {
    try {
      validateScenario(applyOverrides(spec, { cache: kind }));
      return true;
    } catch (err) {
      if (err instanceof SpecError) return false;
      throw err;
    }
  });
}

function buildCatalog(definitions: readonly ScenarioDefinition[]): readonly CatalogEntry[] {
  const specs = definitions.map((d) => validateScenario(d.input, { subject: `built-in scenario "${d.input.name}"` }));
  return definitions.map((d, i) => {
    const spec = specs[i] as ScenarioSpec;
    const entry: CatalogEntry = {
      spec,
      summary: d.summary,
      fault: d.fault,
      mitigations: definitions.filter((m) => m.mitigationOf === spec.name).map((m) => m.input.name),
      ...(d.mitigationOf === undefined ? {} : { mitigationOf: d.mitigationOf }),
      requires: requiredCapabilities(spec),
      supports: supportedKinds(spec),
    };
    return deepFreeze(entry);
  });
}

/** Every built-in scenario, incidents followed by their mitigations. */
export const catalog: readonly CatalogEntry[] = Object.freeze(buildCatalog(DEFINITIONS));

const byName = new Map(catalog.map((e) => [e.spec.name, e]));

/** The built-in scenario of that name, or undefined. */
export function getScenario(name: string): CatalogEntry | undefined {
  return byName.get(name);
}

/** The built-in names, in catalog order. */
export function scenarioNames(): string[] {
  return catalog.map((e) => e.spec.name);
}
