/**
 * The cache configurations `stampede compare` puts side by side (`--a`, `--b`). Pure.
 *
 * ```
 * CONFIG   := FILE                       a path ending .vcl (varnish) or .conf (nginx)
 *           | KIND                       that cache with the scenario's own settings
 *           | KIND ":" FILE              varnish:site.vcl, nginx:site.conf
 *           | KIND ":" SETTING ("," SETTING)*
 * KIND     := embedded | varnish | nginx   the registry's kinds that compare can name (`comparable`)
 * SETTING  := coalescing=on|off          request coalescing            -> cache.coalescing
 *           | grace=off|DURATION         serve stale while refreshing  -> cache.grace
 *           | ttl=off|DURATION           cache everything this long    -> cache.ttlOverrideS (off: no override)
 *           | max-count=N                embedded only: most entries   -> cache.maxCount
 *           | max-size=SIZE              storage size, e.g. 64m        -> cache.maxSizeBytes
 * ```
 * The kinds, which file extension means which kind and what a kind's file is called come from the cache registry
 * (each kind's options module, `ownFile`). A file owns coalescing, grace and TTLs, so a file takes no settings.
 * Values are checked for their form here
 * (a duration, a size, a whole number); ranges and which settings a cache kind accepts are the scenario
 * validator's, which checks the spec with the configuration applied.
 */
import { CACHE_KINDS, type CacheKind } from '../caches/adapter.js';
import { CACHE_REGISTRY } from '../caches/registry.js';
import { closest } from '../scenario-spec/did-you-mean.js';
import { parseByteSize } from '../scenario-spec/byte-size.js';
import { parseDuration } from '@stampede/loadgen';
import type { GraceSetting } from '../scenario-spec/types.js';
import { UsageError } from '../usage/usage-error.js';

/** A kind `stampede compare` can name: one stampede configures itself (not external). */
export type ConfigCacheKind = CacheKind;
export const CONFIG_CACHE_KINDS: readonly ConfigCacheKind[] = Object.freeze(CACHE_KINDS.filter((k) => CACHE_REGISTRY[k].options.comparable));

/** spec.cache fields a setting string may set; `ttlOverrideS: null` removes the scenario's override */
export interface CacheSettings {
  coalescing?: boolean;
  grace?: GraceSetting;
  ttlOverrideS?: number | null;
  maxCount?: number;
  maxSizeBytes?: number;
}

export interface CacheConfig {
  /** as given on the command line */
  source: string;
  kind: ConfigCacheKind;
  /** a VCL file (varnish) or an nginx server block (nginx), as given (relative to the working directory) */
  file?: string;
  settings: CacheSettings;
}

type SettingKey = keyof CacheSettings;

/** Setting names as written, with the spec's own field names accepted too. */
const KEYS: Readonly<Record<string, SettingKey>> = {
  coalescing: 'coalescing',
  grace: 'grace',
  ttl: 'ttlOverrideS',
  ttlOverrideS: 'ttlOverrideS',
  'max-count': 'maxCount',
  maxCount: 'maxCount',
  'max-size': 'maxSizeBytes',
  maxSize: 'maxSizeBytes',
  maxSizeBytes: 'maxSizeBytes',
};

/** extension -> the kind whose own configuration file it is (.vcl: varnish, .conf: nginx) */
const FILE_KIND: Readonly<Record<string, ConfigCacheKind>> = Object.fromEntries(
  CONFIG_CACHE_KINDS.flatMap((k) => {
    const file = CACHE_REGISTRY[k].options.ownFile;
    return file === undefined ? [] : [[file.extension, k]];
  }),
);
/** what a kind's file is, in messages: "a VCL file (.vcl)" */
const fileOf = (kind: ConfigCacheKind): string | undefined => CACHE_REGISTRY[kind].options.ownFile?.describe;
/** a kind compare cannot name, with the fields its scenario-file configuration needs (external: cache.url, cache.actions) */
function configuredInSpec(kind: CacheKind): string {
  const own = Object.keys(CACHE_REGISTRY[kind].options.fields).filter(
    (f) => !CONFIG_CACHE_KINDS.some((k) => Object.hasOwn(CACHE_REGISTRY[k].options.fields, f)),
  );
  return `an ${kind} cache is configured in a scenario file (${own.map((f) => `cache.${f}`).join(', ')}), not here`;
}

export const CACHE_CONFIG_HINT =
  'a VCL file (site.vcl or varnish:site.vcl), an nginx conf (nginx:site.conf), or a cache with settings ' +
  '(embedded:coalescing=off, varnish:coalescing=on,grace=30s, nginx:grace=off)';

/** @throws UsageError listing every problem, each starting with `flag "source":`. */
export function parseCacheConfig(source: string, flag: string): CacheConfig {
  const problems: string[] = [];
  const at = `${flag} ${JSON.stringify(source)}`;
  const text = source.trim();
  const fail: (problem: string) => never = (problem) => {
    throw new UsageError([`${at}: ${problem}`]);
  };
  if (text === '') fail(`is empty: give ${CACHE_CONFIG_HINT}`);

  const colon = text.indexOf(':');
  const prefix = colon === -1 ? text : text.slice(0, colon);
  const kind = (CONFIG_CACHE_KINDS as readonly string[]).includes(prefix) ? (prefix as ConfigCacheKind) : undefined;
  if (kind === undefined) {
    // no kind: a file named by its extension
    const byExtension = FILE_KIND[extension(text)];
    if (byExtension !== undefined) return { source, kind: byExtension, file: text, settings: {} };
    if (colon !== -1 && /^[a-z][a-z-]*$/i.test(prefix)) {
      const guess = closest(prefix, CACHE_KINDS);
      if ((CACHE_KINDS as readonly string[]).includes(prefix)) fail(configuredInSpec(prefix as CacheKind));
      fail(`unknown cache ${JSON.stringify(prefix)}: the caches are ${CONFIG_CACHE_KINDS.join(', ')}${guess ? `; did you mean ${guess}?` : ''}`);
    }
    fail(`give ${CACHE_CONFIG_HINT}`);
  }
  const body = colon === -1 ? '' : text.slice(colon + 1).trim();
  if (body === '') return { source, kind: kind, settings: {} };

  if (!body.includes('=')) {
    const asKey = KEYS[body];
    if (asKey !== undefined) fail(`${body} needs a value, e.g. ${body}=${example(asKey)}`);
    const fileKind = FILE_KIND[extension(body)];
    if (fileOf(kind) === undefined) fail(`the ${kind} cache takes settings (key=value, ...), not a file`);
    if (fileKind !== kind) fail(`${kind} takes ${fileOf(kind)} or key=value settings (got ${JSON.stringify(body)})`);
    return { source, kind: kind, file: body, settings: {} };
  }

  const settings: CacheSettings = {};
  const seen = new Map<SettingKey, string>();
  for (const part of body.split(',')) {
    const item = part.trim();
    const eq = item.indexOf('=');
    const name = (eq === -1 ? item : item.slice(0, eq)).trim();
    const value = eq === -1 ? '' : item.slice(eq + 1).trim();
    if (item === '') {
      problems.push(`${at}: an empty setting (a stray comma?)`);
      continue;
    }
    const key = KEYS[name];
    if (key === undefined) {
      const looksLikeFile = FILE_KIND[extension(item)] !== undefined;
      const guess = closest(name, Object.keys(KEYS));
      problems.push(
        looksLikeFile
          ? `${at}: a file takes no settings (the file decides coalescing, grace and TTLs): give the file alone`
          : `${at}: unknown setting ${JSON.stringify(name)}${guess ? `; did you mean ${guess}?` : ''} (settings: coalescing, grace, ttl, max-count, max-size)`,
      );
      continue;
    }
    if (seen.has(key)) {
      problems.push(`${at}: ${name} is given twice (${seen.get(key)} and ${item}): give it once`);
      continue;
    }
    seen.set(key, item);
    const parsed = parseSetting(key, value);
    if (typeof parsed === 'string') problems.push(`${at}: ${name} ${parsed} (got ${JSON.stringify(value)})`);
    else Object.assign(settings, parsed);
  }
  if (problems.length > 0) throw new UsageError(problems);
  return { source, kind: kind, settings };
}

/** The settings, or the problem (a sentence fragment after the setting's name). */
function parseSetting(key: SettingKey, value: string): CacheSettings | string {
  const v = value.toLowerCase();
  switch (key) {
    case 'coalescing': {
      if (['on', 'true', 'yes'].includes(v)) return { coalescing: true };
      if (['off', 'false', 'no'].includes(v)) return { coalescing: false };
      return 'must be on or off';
    }
    case 'grace':
    case 'ttlOverrideS': {
      if (['off', 'false', 'no'].includes(v)) return key === 'grace' ? { grace: false } : { ttlOverrideS: null };
      const d = parseDuration(value);
      if (!d.ok || value === '' || !Number.isInteger(d.seconds)) return 'must be off or a whole number of seconds, e.g. 30s, 2m, 120';
      return key === 'grace' ? { grace: { seconds: d.seconds } } : { ttlOverrideS: d.seconds };
    }
    case 'maxCount': {
      const n = Number(value);
      return /^\d+$/.test(value) && n >= 1 ? { maxCount: n } : 'must be a whole number >= 1';
    }
    case 'maxSizeBytes': {
      const r = parseByteSize(value);
      return r.ok && value !== '' ? { maxSizeBytes: r.bytes } : 'must be a size like 64m, 512k, 1g';
    }
  }
}

function example(key: SettingKey): string {
  return { coalescing: 'off', grace: '30s', ttlOverrideS: '60s', maxCount: '1000', maxSizeBytes: '64m' }[key];
}

function extension(path: string): string {
  const m = /\.[a-z]+$/i.exec(path);
  return m ? m[0].toLowerCase() : '';
}

/** The configuration in words: "embedded, coalescing off", "varnish with site.vcl", "nginx (the scenario's settings)". */
export function describeCacheConfig(c: CacheConfig): string {
  if (c.file !== undefined) return `${c.kind} with ${c.file}`;
  const s = c.settings;
  const parts: string[] = [];
  if (s.coalescing !== undefined) parts.push(`coalescing ${s.coalescing ? 'on' : 'off'}`);
  if (s.grace !== undefined) parts.push(s.grace === false ? 'no grace' : `grace ${s.grace.seconds}s`);
  if (s.ttlOverrideS !== undefined) parts.push(s.ttlOverrideS === null ? 'no TTL override' : `TTL ${s.ttlOverrideS}s`);
  if (s.maxCount !== undefined) parts.push(`at most ${s.maxCount} entries`);
  if (s.maxSizeBytes !== undefined) parts.push(`${s.maxSizeBytes} bytes`);
  return parts.length === 0 ? `${c.kind} (the scenario's settings)` : `${c.kind}, ${parts.join(', ')}`;
}
