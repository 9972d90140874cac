/**
 * What a cache kind's options module (<kind>/<kind>-options.ts) declares about the kind, once: the fields it takes,
 * its defaults, its outcome header, the binaries it runs, what it can do and what a user config file changes about
 * that. The registry (registry.ts, with options.ts CACHE_KIND_OPTIONS) has one per kind; option validation, the scenario
 * spec (spec/cache-schema.ts, spec/cross-checks.ts), `stampede compare` and the orchestrator read them from there.
 */
import type { z } from 'zod';
import type { CacheCapabilities, CacheCapability } from './adapter.js';
import type { AddProblem, ChangeField } from './common-options.js';
import type { ExternalActions } from './external/external-options.js';

/** The option fields a kind's capabilities depend on. */
export interface CapabilitySettings {
  vclFile?: string | undefined;
  nginxConfFile?: string | undefined;
  actions?: ExternalActions | undefined;
}

/** The kind takes the user's own configuration file (a VCL, an nginx.conf) instead of the generated one. */
export interface OwnConfigFile {
  /** the option naming the file */
  readonly field: 'vclFile' | 'nginxConfFile';
  /** settings of the generated configuration that the file decides instead: refused alongside it */
  readonly owns: readonly ChangeField[];
  /** capabilities of the generated configuration that the file takes over (stampede no longer controls them) */
  readonly decides: readonly CacheCapability[];
  /** the file in messages: "set it in your VCL" */
  readonly name: string;
  /** `stampede compare`: a FILE with this extension means this kind */
  readonly extension: string;
  /** `stampede compare`: "varnish takes a VCL file (.vcl) or key=value settings" */
  readonly describe: string;
}

/** Why a run-time change a kind otherwise takes cannot be made while it serves, in the adapter's and the spec's words. */
export interface FixedAtStart {
  /** after `<field> ` in CacheOptionsError */
  readonly adapter: string;
  /** after `timeline[i].<field> ` in a spec problem */
  readonly spec: string;
}

export interface CacheKindOptions<O> {
  /**
   * Every option field the kind takes, common ones included, with its schema. Any other field is reported as
   * belonging to the kinds that take it. `binaries` is not listed here: it comes from `binaries` below.
   */
  readonly fields: Readonly<Record<string, z.ZodType>>;
  /** outcome header when options.cacheHeader is not given */
  readonly defaultCacheHeader: string;
  /** binaries the kind runs (option `binaries.<name>`, looked up on PATH and /usr/sbin), each with its install command */
  readonly binaries: Readonly<Record<string, string>>;
  /** originUrl must be given (the kind dials the origin itself) */
  readonly originRequired: boolean;
  readonly ownFile?: OwnConfigFile;
  /**
   * Run-time changes (reloadConfig): 'any' passes every change on as it is (the external cache's reload action);
   * otherwise the kind takes the change fields that are also its option fields, except those fixed at start.
   */
  readonly changes: 'any' | { readonly fixedAtStart: Partial<Record<ChangeField, FixedAtStart>> };
  /** capabilities come from the cache's configured actions: each capability's action (options.actions.<name>) */
  readonly actionFor?: Readonly<Partial<Record<CacheCapability, string>>>;
  /** `stampede compare --a KIND[:...]` can name it (an external cache is configured in a scenario file only) */
  readonly comparable: boolean;
  /** What the kind can do with these settings (a user config file narrows it; external: what its actions do). */
  capabilities(settings: CapabilitySettings): CacheCapabilities;
  /** requireCapability's message tail: why the kind lacks `capability`, and the fix */
  remedy(capability: CacheCapability): string;
  /** checks beyond the field schemas, on the raw input (each field may still be of the wrong type) */
  check?(raw: Readonly<Record<string, unknown>>, add: AddProblem): void;
  /** defaults filled in; `input` passed validation, `binaries` are resolved paths for every name in `binaries` */
  resolve(input: Readonly<Record<string, unknown>>, binaries: Readonly<Record<string, string>>): O;
}

/** Every capability, on or off. */
export function allCapabilities(value: boolean): { -readonly [C in CacheCapability]: boolean } {
  return {
    purgeAll: value,
    ban: value,
    purgeKeys: value,
    restartCold: value,
    restartWarm: value,
    reloadConfig: value,
    nativeStats: value,
    coalescingToggle: value,
    grace: value,
  };
}

/** The generated configuration's capabilities, minus what the user's own file decides when one is given. */
export function withOwnFile(base: CacheCapabilities, ownFile: OwnConfigFile, settings: CapabilitySettings): CacheCapabilities {
  if (settings[ownFile.field] === undefined) return Object.freeze({ ...base });
  const narrowed = { ...base };
  for (const c of ownFile.decides) narrowed[c] = false;
  return Object.freeze(narrowed);
}
