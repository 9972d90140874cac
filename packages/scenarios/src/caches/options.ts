/**
 * Cache adapter options by kind. `CacheAdapterOptions` is what callers pass (one flat record; some fields belong to
 * one kind). `resolveCacheOptions(kind, input)` fills defaults, rejects unknown fields and fields of another kind,
 * and reports every problem at once (CacheOptionsError, code STAMPEDE_SPEC, naming each field), then freezes the
 * result. `resolveConfigChange` does the same for a run-time change (reloadConfig). What each kind takes is its
 * options module's (<kind>/<kind>-options.ts), read through the registry.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { describeValue, formatIssues, valueAt } from '@stampede/validation';
import { z } from 'zod';
import type { CacheConfigChange, CacheKind } from './adapter.js';
import { changeFields, checkUrl, nonEmpty, type ChangeField } from './common-options.js';
import { EMBEDDED_OPTIONS, type EmbeddedInput, type EmbeddedOptions } from './embedded/embedded-options.js';
import { CacheOptionsError, type CacheOptionProblem } from './errors.js';
import { EXTERNAL_OPTIONS, type ExternalInput, type ExternalOptions } from './external/external-options.js';
import type { CacheKindOptions } from './kind-options.js';
import { NGINX_OPTIONS, type NginxInput, type NginxOptions } from './nginx/nginx-options.js';
import { findBinary } from './process/find-binary.js';
import { VARNISH_OPTIONS, type VarnishInput, type VarnishOptions } from './varnish/varnish-options.js';

export type { GraceSetting } from './common-options.js';
export type { ExternalAction, ExternalActions } from './external/external-options.js';

/** What callers pass: every kind's fields in one record. Fields marked with a kind apply to that kind only. */
export type CacheAdapterOptions = EmbeddedInput & VarnishInput & NginxInput & ExternalInput;

export interface OptionsByKind {
  embedded: EmbeddedOptions;
  varnish: VarnishOptions;
  nginx: NginxOptions;
  external: ExternalOptions;
}

/**
 * Each kind's options module: the registry's `options` column (registry.ts builds its rows from it; the adapters
 * sit beside it there). Kept here, apart from the factories, so that validating options does not load the adapters.
 */
export const CACHE_KIND_OPTIONS: { readonly [K in CacheKind]: CacheKindOptions<OptionsByKind[K]> } = Object.freeze({
  embedded: EMBEDDED_OPTIONS,
  varnish: VARNISH_OPTIONS,
  nginx: NGINX_OPTIONS,
  external: EXTERNAL_OPTIONS,
});

/** Every kind, in the table's order (the order messages list kinds in). */
export function cacheKinds(): CacheKind[] {
  return Object.keys(CACHE_KIND_OPTIONS) as CacheKind[];
}

/** The kinds whose options include `field`, in order ("applies to the varnish / nginx cache only"). */
export function kindsWithField(field: string): CacheKind[] {
  return cacheKinds().filter((k) => {
    const o: CacheKindOptions<unknown> = CACHE_KIND_OPTIONS[k];
    return field === 'binaries' ? Object.keys(o.binaries).length > 0 : Object.hasOwn(o.fields, field);
  });
}

/**
 * Why `kind` refuses the run-time change `field` (reloadConfig), in the adapter's or the spec's words; undefined
 * when it takes it. A kind takes the change fields that are among its options, except those fixed at start; an
 * external cache passes every change on to its reload action.
 */
export function changeRefusal(kind: CacheKind, field: ChangeField, words: 'adapter' | 'spec'): string | undefined {
  const o: CacheKindOptions<unknown> = CACHE_KIND_OPTIONS[kind];
  if (o.changes === 'any') return undefined;
  const fixed = o.changes.fixedAtStart[field];
  if (fixed !== undefined) return fixed[words];
  if (Object.hasOwn(o.fields, field)) return undefined;
  return `applies to the ${kindsWithField(field).join(' / ')} cache only`;
}

/** Outcome header per kind when options.cacheHeader is not given. */
export const DEFAULT_CACHE_HEADER: Readonly<Record<CacheKind, string>> = Object.freeze(
  Object.fromEntries(cacheKinds().map((k) => [k, CACHE_KIND_OPTIONS[k].defaultCacheHeader])) as Record<CacheKind, string>,
);

/** Every binary name -> the kind that runs it. */
const BINARY_OWNER: Readonly<Record<string, CacheKind>> = Object.fromEntries(
  cacheKinds().flatMap((k) => Object.keys(CACHE_KIND_OPTIONS[k].binaries).map((name) => [name, k])),
);

/** Every kind's fields in one schema, so that a field of another kind is named as such rather than unknown. */
const inputSchema = z.strictObject(
  (() => {
    const shape: Record<string, z.ZodType> = {};
    const kinds = cacheKinds();
    const lastWithBinaries = kinds.map((k) => Object.keys(CACHE_KIND_OPTIONS[k].binaries).length > 0).lastIndexOf(true);
    kinds.forEach((k, i) => {
      for (const [field, schema] of Object.entries(CACHE_KIND_OPTIONS[k].fields)) shape[field] ??= schema;
      if (i === lastWithBinaries) {
        shape['binaries'] = z.strictObject(Object.fromEntries(Object.keys(BINARY_OWNER).map((n) => [n, nonEmpty.optional()]))).optional();
      }
    });
    return shape;
  })(),
  { error: 'must be an object' },
);

/**
 * Validate and default options for one cache kind; returns a frozen record.
 * @throws CacheOptionsError listing every problem as `<field> <what is wrong> (got X)`.
 */
export function resolveCacheOptions<K extends CacheKind>(kind: K, input: CacheAdapterOptions = {}): OptionsByKind[K] {
  const own: CacheKindOptions<unknown> = CACHE_KIND_OPTIONS[kind];
  const parsed = inputSchema.safeParse(input);
  const problems: CacheOptionProblem[] = parsed.success ? [] : toProblems(parsed.error.issues, input, 'is not a cache option');
  const raw: Record<string, unknown> = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const add = (path: string, what: string) => problems.push(problem(path, what, valueAt(raw, path.split('.'))));

  for (const field of Object.keys(inputSchema.shape)) {
    const kinds = kindsWithField(field);
    if (raw[field] !== undefined && !kinds.includes(kind)) add(field, `applies to the ${kinds.join(' / ')} cache only`);
  }
  const binaries = raw['binaries'];
  if (binaries !== null && typeof binaries === 'object') {
    for (const [name, value] of Object.entries(binaries)) {
      const owner = BINARY_OWNER[name];
      if (value !== undefined && owner !== undefined && owner !== kind) add(`binaries.${name}`, `applies to the ${owner} cache only`);
    }
  }

  const allowRemote = raw['allowRemote'] === true;
  checkUrl('originUrl', raw['originUrl'], { required: own.originRequired, httpOnly: true, allowRemote }, add);
  own.check?.(raw, add);
  const file = own.ownFile;
  if (file !== undefined) {
    const v = raw[file.field];
    if (typeof v === 'string' && v !== '') {
      if (!existsSync(v) || !statSync(v).isFile()) add(file.field, 'must be an existing file');
      else for (const c of file.owns.filter((f) => raw[f] !== undefined)) add(c, `cannot be combined with ${file.field}: set it in your file`);
    }
  }
  const workDir = raw['workDir'];
  if (typeof workDir === 'string' && workDir !== '' && !isAbsolute(workDir)) add('workDir', 'must be an absolute path');

  if (problems.length > 0 || !parsed.success) throw new CacheOptionsError(dedupe(problems), `${kind} cache options`);
  const given = (parsed.data['binaries'] ?? {}) as Record<string, string | undefined>;
  const paths = Object.fromEntries(Object.keys(own.binaries).map((name) => [name, findBinary(given[name] ?? name)]));
  return deepFreeze(own.resolve(parsed.data, paths)) as OptionsByKind[K];
}

const changeSchema = z.strictObject(changeFields, { error: 'must be an object such as {"coalescing": false}' });

/**
 * Validate a run-time change for one kind; relative file paths are resolved, the result is frozen.
 * @throws CacheOptionsError
 */
export function resolveConfigChange(kind: CacheKind, change: CacheConfigChange): CacheConfigChange {
  const parsed = changeSchema.safeParse(change);
  const problems = parsed.success ? [] : toProblems(parsed.error.issues, change, 'is not a run-time cache setting');
  const raw: Record<string, unknown> = change !== null && typeof change === 'object' ? (change as Record<string, unknown>) : {};
  for (const field of Object.keys(changeFields) as ChangeField[]) {
    const why = raw[field] === undefined ? undefined : changeRefusal(kind, field, 'adapter');
    if (why !== undefined) problems.push(problem(field, why, raw[field]));
  }
  for (const field of ['vclFile', 'nginxConfFile'] as const) {
    const v = raw[field];
    if (typeof v === 'string' && v !== '' && changeRefusal(kind, field, 'adapter') === undefined && (!existsSync(v) || !statSync(v).isFile())) {
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
  return { path, message: `${path} ${what} (got ${describeValue(got)})` };
}

function dedupe(problems: CacheOptionProblem[]): CacheOptionProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}
