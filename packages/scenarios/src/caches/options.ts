/**
 * Cache adapter options. `CacheAdapterOptions` is what callers pass (one flat record; some fields belong to one
 * kind). `resolveCacheOptions(kind, input)` fills defaults, rejects unknown fields and fields of another kind, and
 * reports every problem at once (CacheOptionsError, code STAMPEDE_SPEC, naming each field), then freezes the result.
 * `resolveConfigChange` does the same for a run-time change (reloadConfig).
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { formatIssues } from '@stampede/validation';
import { z } from 'zod';
import type { CacheConfigChange, CacheKind } from './adapter.js';
import { CacheOptionsError, type CacheOptionProblem } from './errors.js';
import { isLoopbackHost } from './loopback.js';
import { findBinary } from './process/find-binary.js';
import { USER_VCL_CACHE_HEADER } from './varnish/varnish-vcl.js';

/** Serve stale while one background fetch refreshes: for `seconds` past expiry, or never (`false`). */
export type GraceSetting = { seconds: number } | false;

/**
 * An external cache's action: an HTTP request (`{{pattern}}` / `{{path}}` in `url` are replaced, URL-encoded) or a
 * shell command (`/bin/sh -c`; the argument arrives in the environment, never spliced into the command:
 * STAMPEDE_PATTERN, STAMPEDE_PATH, STAMPEDE_CONFIG_CHANGE as JSON).
 */
export type ExternalAction =
  | { url: string; method?: string; headers?: Record<string, string> }
  | { command: string };

export interface ExternalActions {
  purgeAll?: ExternalAction;
  /** run once per ban(pattern) */
  ban?: ExternalAction;
  /** run once per path */
  purgeKey?: ExternalAction;
  /** a cold restart: the cache must come back empty and serving before the action completes */
  restart?: ExternalAction;
  reloadConfig?: ExternalAction;
}

/** What callers pass. Fields marked with a kind apply to that kind only. */
export interface CacheAdapterOptions {
  /** the fake origin, http://127.0.0.1:PORT (required, except for external where it is informational) */
  originUrl?: string;
  /** absolute, private directory for config, cache files and logs; default: a new one under os.tmpdir(),
   * removed on stop(). A directory given here is created if missing and left in place on stop(). */
  workDir?: string;
  /** accept non-loopback origin / external cache URLs */
  allowRemote?: boolean;
  /** request coalescing (default true): undici deduplicate / varnish busy-object waiting / nginx proxy_cache_lock */
  coalescing?: boolean;
  /** default: the cache's own behaviour (origin's stale-while-revalidate; varnish default_grace 10 s) */
  grace?: GraceSetting;
  /** cache everything cacheable for this many seconds, whatever the origin's Cache-Control says */
  ttlOverrideS?: number;
  /** storage size: MemoryCacheStore bytes (embedded), -s malloc (varnish), proxy_cache_path max_size (nginx) */
  maxSizeBytes?: number;
  /** response header with the outcome; default x-cache (embedded, varnish, external), x-stampede-cache (varnish with
   * vclFile: stampede adds it in front of your VCL) or x-cache-status (nginx) */
  cacheHeader?: string;
  /** how long start() waits for the cache to serve */
  startTimeoutMs?: number;
  /** embedded: most URLs kept (least recently used are evicted beyond it) */
  maxCount?: number;
  /** embedded: larger responses are not stored */
  maxEntrySizeBytes?: number;
  /** varnish: your VCL as it is (includes too): stampede compiles a rewritten copy whose backends and probes point at
   * its origin; {{ORIGIN_HOST}} / {{ORIGIN_PORT}} placeholders are filled in where present */
  vclFile?: string;
  /**
   * nginx: your configuration as it is: a whole nginx.conf (events/http, includes), or an http-context fragment
   * (proxy_cache_path + server), with or without the {{LISTEN}}, {{ORIGIN}}, {{CACHE_DIR}} placeholders; backends,
   * listens, cache paths and logs are retargeted into stampede's private copy (nginx/retarget-conf.ts)
   */
  nginxConfFile?: string;
  /** nginx: worker_processes (default 1) */
  workerProcesses?: number;
  /** varnish / nginx: binaries to run instead of the ones on PATH */
  binaries?: { varnishd?: string; varnishadm?: string; varnishstat?: string; nginx?: string };
  /** external: the cache's URL, e.g. http://127.0.0.1:6081 */
  url?: string;
  /** external: how to purge, ban, restart or reconfigure it */
  actions?: ExternalActions;
}

interface CommonOptions {
  readonly originUrl: string;
  readonly workDir: string | undefined;
  readonly allowRemote: boolean;
  readonly coalescing: boolean;
  readonly grace: GraceSetting | undefined;
  readonly ttlOverrideS: number | undefined;
  readonly maxSizeBytes: number;
  readonly cacheHeader: string;
  readonly startTimeoutMs: number;
}

export interface EmbeddedOptions extends CommonOptions {
  readonly maxCount: number;
  readonly maxEntrySizeBytes: number;
}

export interface VarnishOptions extends CommonOptions {
  readonly vclFile: string | undefined;
  readonly binaries: { readonly varnishd: string; readonly varnishadm: string; readonly varnishstat: string };
}

export interface NginxOptions extends CommonOptions {
  readonly nginxConfFile: string | undefined;
  readonly workerProcesses: number;
  readonly binaries: { readonly nginx: string };
}

export interface ExternalOptions {
  readonly url: string;
  readonly originUrl: string | undefined;
  readonly allowRemote: boolean;
  readonly cacheHeader: string;
  readonly startTimeoutMs: number;
  readonly actions: Readonly<ExternalActions>;
}

export interface OptionsByKind {
  embedded: EmbeddedOptions;
  varnish: VarnishOptions;
  nginx: NginxOptions;
  external: ExternalOptions;
}

export const DEFAULT_CACHE_HEADER: Readonly<Record<CacheKind, string>> = Object.freeze({
  embedded: 'x-cache',
  varnish: 'x-cache',
  nginx: 'x-cache-status',
  external: 'x-cache',
});

const MiB = 1024 * 1024;
const DEFAULTS = {
  coalescing: true,
  allowRemote: false,
  maxSizeBytes: 256 * MiB,
  startTimeoutMs: 20_000,
  maxCount: 100_000,
  maxEntrySizeBytes: 5 * MiB,
  workerProcesses: 1,
} as const;

const YEAR_S = 31_536_000;

function int(min: number, max: number) {
  const what = `must be an integer between ${min} and ${max}`;
  return z.number({ error: what }).int({ error: what }).min(min, { error: what }).max(max, { error: what });
}

const bool = z.boolean({ error: 'must be true or false' });
const nonEmpty = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });
const graceSchema = z.union([z.literal(false), z.strictObject({ seconds: int(0, YEAR_S) })], {
  error: 'must be false or an object such as {"seconds":30}',
});
const headerName = z
  .string({ error: 'must be a header name' })
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: 'must be a header name such as x-cache' });

const actionSchema = z.union(
  [
    z.strictObject({
      url: nonEmpty,
      method: z
        .string()
        .regex(/^[A-Z]+$/, { error: 'must be an upper-case HTTP method' })
        .optional(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
    z.strictObject({ command: nonEmpty }),
  ],
  { error: 'must be {"url": "...", "method"?: "...", "headers"?: {...}} or {"command": "..."}' },
);

const inputSchema = z.strictObject(
  {
    originUrl: nonEmpty.optional(),
    workDir: nonEmpty.optional(),
    allowRemote: bool.optional(),
    coalescing: bool.optional(),
    grace: graceSchema.optional(),
    ttlOverrideS: int(0, YEAR_S).optional(),
    maxSizeBytes: int(1024, 2 ** 48).optional(),
    cacheHeader: headerName.optional(),
    startTimeoutMs: int(100, 600_000).optional(),
    maxCount: int(1, 100_000_000).optional(),
    maxEntrySizeBytes: int(1, 2 ** 40).optional(),
    vclFile: nonEmpty.optional(),
    nginxConfFile: nonEmpty.optional(),
    workerProcesses: int(1, 64).optional(),
    binaries: z
      .strictObject({
        varnishd: nonEmpty.optional(),
        varnishadm: nonEmpty.optional(),
        varnishstat: nonEmpty.optional(),
        nginx: nonEmpty.optional(),
      })
      .optional(),
    url: nonEmpty.optional(),
    actions: z
      .strictObject({
        purgeAll: actionSchema.optional(),
        ban: actionSchema.optional(),
        purgeKey: actionSchema.optional(),
        restart: actionSchema.optional(),
        reloadConfig: actionSchema.optional(),
      })
      .optional(),
  },
  { error: 'must be an object' },
);

type Input = z.infer<typeof inputSchema>;
type Field = keyof Input;

/** Which kinds each option applies to; any other kind reports it. */
const FIELD_KINDS: Readonly<Record<Field, readonly CacheKind[]>> = {
  originUrl: ['embedded', 'varnish', 'nginx', 'external'],
  workDir: ['embedded', 'varnish', 'nginx'],
  allowRemote: ['embedded', 'varnish', 'nginx', 'external'],
  coalescing: ['embedded', 'varnish', 'nginx'],
  grace: ['embedded', 'varnish', 'nginx'],
  ttlOverrideS: ['embedded', 'varnish', 'nginx'],
  maxSizeBytes: ['embedded', 'varnish', 'nginx'],
  cacheHeader: ['embedded', 'varnish', 'nginx', 'external'],
  startTimeoutMs: ['embedded', 'varnish', 'nginx', 'external'],
  maxCount: ['embedded'],
  maxEntrySizeBytes: ['embedded'],
  vclFile: ['varnish'],
  nginxConfFile: ['nginx'],
  workerProcesses: ['nginx'],
  binaries: ['varnish', 'nginx'],
  url: ['external'],
  actions: ['external'],
};

const BINARY_KINDS: Readonly<Record<string, CacheKind>> = {
  varnishd: 'varnish',
  varnishadm: 'varnish',
  varnishstat: 'varnish',
  nginx: 'nginx',
};

/**
 * Validate and default options for one cache kind; returns a frozen record.
 * @throws CacheOptionsError listing every problem as `<field> <what is wrong> (got X)`.
 */
export function resolveCacheOptions<K extends CacheKind>(kind: K, input: CacheAdapterOptions = {}): OptionsByKind[K] {
  const parsed = inputSchema.safeParse(input);
  const problems: CacheOptionProblem[] = parsed.success ? [] : toProblems(parsed.error.issues, input, 'is not a cache option');
  const raw: Record<string, unknown> = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const add = (path: string, what: string) => problems.push(problem(path, what, valueAt(raw, path.split('.'))));

  for (const [field, kinds] of Object.entries(FIELD_KINDS)) {
    if (raw[field] !== undefined && !kinds.includes(kind)) add(field, `applies to the ${kinds.join(' / ')} cache only`);
  }
  const binaries = raw['binaries'];
  if (binaries !== null && typeof binaries === 'object') {
    for (const [name, value] of Object.entries(binaries)) {
      const owner = BINARY_KINDS[name];
      if (value !== undefined && owner !== undefined && owner !== kind) add(`binaries.${name}`, `applies to the ${owner} cache only`);
    }
  }

  const allowRemote = raw['allowRemote'] === true;
  const checkUrl = (field: 'originUrl' | 'url', required: boolean) => {
    const v = raw[field];
    if (v === undefined) {
      if (required) add(field, 'is required (http://127.0.0.1:PORT)');
      return;
    }
    if (typeof v !== 'string') return; // reported by the schema
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      add(field, 'must be an absolute http:// URL such as http://127.0.0.1:8080');
      return;
    }
    if (field === 'originUrl' && u.protocol !== 'http:') add(field, 'must use http:// (the caches speak plain HTTP/1.1 to it)');
    else if (u.protocol !== 'http:' && u.protocol !== 'https:') add(field, 'must use http:// or https://');
    else if (u.pathname !== '/' || u.search !== '' || u.hash !== '') add(field, 'must be an origin only: no path, query or fragment');
    else if (!allowRemote && !isLoopbackHost(u.hostname)) {
      add(field, 'must be a loopback address (127.0.0.1, ::1, localhost) unless allowRemote is true');
    }
  };
  checkUrl('originUrl', kind !== 'external');
  if (kind === 'external') checkUrl('url', true);
  const actions = raw['actions'];
  if (kind === 'external' && actions !== null && typeof actions === 'object') {
    for (const [name, action] of Object.entries(actions as Record<string, unknown>)) {
      const url = action !== null && typeof action === 'object' ? (action as Record<string, unknown>)['url'] : undefined;
      if (typeof url !== 'string') continue;
      let u: URL | undefined;
      try {
        u = new URL(url.replace(/\{\{(pattern|path|change)\}\}/g, 'x'));
      } catch {
        add(`actions.${name}.url`, 'must be an absolute http:// or https:// URL ({{pattern}}, {{path}}, {{change}} allowed)');
      }
      if (u === undefined) continue;
      if (u.protocol !== 'http:' && u.protocol !== 'https:') add(`actions.${name}.url`, 'must use http:// or https://');
      else if (!allowRemote && !isLoopbackHost(u.hostname)) {
        add(`actions.${name}.url`, 'must be a loopback address (127.0.0.1, ::1, localhost) unless allowRemote is true');
      }
    }
  }

  for (const field of ['vclFile', 'nginxConfFile'] as const) {
    const v = raw[field];
    if (typeof v === 'string' && v !== '' && FIELD_KINDS[field].includes(kind)) {
      if (!existsSync(v) || !statSync(v).isFile()) add(field, 'must be an existing file');
      else for (const c of userConfigConflicts(kind, raw)) add(c, `cannot be combined with ${field}: set it in your file`);
    }
  }
  const workDir = raw['workDir'];
  if (typeof workDir === 'string' && workDir !== '' && !isAbsolute(workDir)) add('workDir', 'must be an absolute path');

  if (problems.length > 0 || !parsed.success) throw new CacheOptionsError(dedupe(problems), `${kind} cache options`);
  return deepFreeze(withDefaults(kind, parsed.data)) as OptionsByKind[K];
}

/** Options a user VCL / nginx.conf must set itself (they are template parameters of the generated one). */
function userConfigConflicts(kind: CacheKind, raw: Record<string, unknown>): string[] {
  const owned = kind === 'varnish' ? ['coalescing', 'grace', 'ttlOverrideS'] : ['coalescing', 'grace', 'ttlOverrideS', 'maxSizeBytes'];
  return owned.filter((f) => raw[f] !== undefined);
}

function withDefaults(kind: CacheKind, d: Input): OptionsByKind[CacheKind] {
  // A user VCL may set X-Cache its own way: stampede's outcome subs write their own header unless told otherwise.
  const defaultHeader = kind === 'varnish' && d.vclFile !== undefined ? USER_VCL_CACHE_HEADER : DEFAULT_CACHE_HEADER[kind];
  const cacheHeader = (d.cacheHeader ?? defaultHeader).toLowerCase();
  const startTimeoutMs = d.startTimeoutMs ?? DEFAULTS.startTimeoutMs;
  const allowRemote = d.allowRemote ?? DEFAULTS.allowRemote;
  if (kind === 'external') {
    const external: ExternalOptions = {
      url: stripSlash(d.url ?? ''),
      originUrl: d.originUrl === undefined ? undefined : stripSlash(d.originUrl),
      allowRemote,
      cacheHeader,
      startTimeoutMs,
      actions: d.actions ?? {},
    };
    return external;
  }
  const common: CommonOptions = {
    originUrl: stripSlash(d.originUrl ?? ''),
    workDir: d.workDir,
    allowRemote,
    coalescing: d.coalescing ?? DEFAULTS.coalescing,
    grace: d.grace,
    ttlOverrideS: d.ttlOverrideS,
    maxSizeBytes: d.maxSizeBytes ?? DEFAULTS.maxSizeBytes,
    cacheHeader,
    startTimeoutMs,
  };
  if (kind === 'embedded') {
    return {
      ...common,
      maxCount: d.maxCount ?? DEFAULTS.maxCount,
      maxEntrySizeBytes: d.maxEntrySizeBytes ?? DEFAULTS.maxEntrySizeBytes,
    } satisfies EmbeddedOptions;
  }
  if (kind === 'varnish') {
    return {
      ...common,
      vclFile: d.vclFile === undefined ? undefined : resolve(d.vclFile),
      binaries: {
        varnishd: findBinary(d.binaries?.varnishd ?? 'varnishd'),
        varnishadm: findBinary(d.binaries?.varnishadm ?? 'varnishadm'),
        varnishstat: findBinary(d.binaries?.varnishstat ?? 'varnishstat'),
      },
    } satisfies VarnishOptions;
  }
  return {
    ...common,
    nginxConfFile: d.nginxConfFile === undefined ? undefined : resolve(d.nginxConfFile),
    workerProcesses: d.workerProcesses ?? DEFAULTS.workerProcesses,
    binaries: { nginx: findBinary(d.binaries?.nginx ?? 'nginx') },
  } satisfies NginxOptions;
}

const changeSchema = z.strictObject(
  {
    coalescing: bool.optional(),
    grace: graceSchema.optional(),
    ttlOverrideS: z.union([int(0, YEAR_S), z.null()], { error: `must be an integer between 0 and ${YEAR_S}, or null` }).optional(),
    maxCount: int(1, 100_000_000).optional(),
    maxSizeBytes: int(1024, 2 ** 48).optional(),
    vclFile: nonEmpty.optional(),
    nginxConfFile: nonEmpty.optional(),
  },
  { error: 'must be an object such as {"coalescing": false}' },
);

/** Which run-time changes each kind accepts; a missing entry says why. */
const CHANGE_RULES: Readonly<Record<CacheKind, Partial<Record<keyof CacheConfigChange, string>>>> = {
  embedded: {
    vclFile: 'applies to the varnish cache only',
    nginxConfFile: 'applies to the nginx cache only',
  },
  varnish: {
    maxCount: 'applies to the embedded cache only',
    maxSizeBytes: "cannot change at run time: varnish's malloc storage is sized at start (restart with the new size)",
    nginxConfFile: 'applies to the nginx cache only',
  },
  nginx: {
    maxCount: 'applies to the embedded cache only',
    vclFile: 'applies to the varnish cache only',
  },
  external: {},
};

/**
 * Validate a run-time change for one kind; relative file paths are resolved, the result is frozen.
 * @throws CacheOptionsError
 */
export function resolveConfigChange(kind: CacheKind, change: CacheConfigChange): CacheConfigChange {
  const parsed = changeSchema.safeParse(change);
  const problems = parsed.success ? [] : toProblems(parsed.error.issues, change, 'is not a run-time cache setting');
  const raw: Record<string, unknown> = change !== null && typeof change === 'object' ? (change as Record<string, unknown>) : {};
  for (const [field, why] of Object.entries(CHANGE_RULES[kind])) {
    if (raw[field] !== undefined) problems.push(problem(field, why, raw[field]));
  }
  for (const field of ['vclFile', 'nginxConfFile'] as const) {
    const v = raw[field];
    if (typeof v === 'string' && v !== '' && CHANGE_RULES[kind][field] === undefined && (!existsSync(v) || !statSync(v).isFile())) {
      problems.push(problem(field, 'must be an existing file', v));
    }
  }
  if (problems.length > 0 || !parsed.success) throw new CacheOptionsError(dedupe(problems), `${kind} cache config change`);
  const out: CacheConfigChange = { ...parsed.data };
  if (out.vclFile !== undefined) out.vclFile = resolve(out.vclFile);
  if (out.nginxConfFile !== undefined) out.nginxConfFile = resolve(out.nginxConfFile);
  return deepFreeze(out);
}

function toProblems(issues: readonly z.core.$ZodIssue[], input: unknown, unknownKey: string): CacheOptionProblem[] {
  return formatIssues(issues, input, { rootName: 'options', unknownField: () => unknownKey });
}

function problem(path: string, what: string, got: unknown): CacheOptionProblem {
  return { path, message: `${path} ${what} (got ${show(got)})` };
}

function dedupe(problems: CacheOptionProblem[]): CacheOptionProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}

function valueAt(input: unknown, segments: readonly PropertyKey[]): unknown {
  let v = input;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[s];
  }
  return v;
}

function show(v: unknown): string {
  let s: string;
  if (typeof v === 'number' || typeof v === 'bigint' || v === undefined) s = String(v);
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function stripSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}
