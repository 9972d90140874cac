/**
 * The external cache's options: the user's own cache at `url` and the actions that purge, ban, restart or
 * reconfigure it. stampede starts nothing, so there is no work directory, no binary and no caching setting; what
 * the cache can do is what its actions do.
 */
import { z } from 'zod';
import type { CacheCapability } from '../adapter.js';
import { allCapabilities, type CacheKindOptions } from '../kind-options.js';
import { checkUrl, COMMON_DEFAULTS, commonFields, nonEmpty, stripSlash, type CommonInput } from '../common-options.js';
import { isLoopbackHost } from '../loopback.js';

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

export interface ExternalOptions {
  readonly url: string;
  readonly originUrl: string | undefined;
  readonly allowRemote: boolean;
  readonly cacheHeader: string;
  readonly startTimeoutMs: number;
  readonly actions: Readonly<ExternalActions>;
}

export interface ExternalInput extends Omit<CommonInput, 'workDir' | 'coalescing' | 'grace' | 'ttlOverrideS' | 'maxSizeBytes'> {
  /** external: the cache's URL, e.g. http://127.0.0.1:6081 */
  url?: string;
  /** external: how to purge, ban, restart or reconfigure it */
  actions?: ExternalActions;
}

/** The action that provides each capability (the rest an external cache never offers). */
export const EXTERNAL_ACTION_FOR: Readonly<Partial<Record<CacheCapability, keyof ExternalActions>>> = Object.freeze({
  purgeAll: 'purgeAll',
  ban: 'ban',
  purgeKeys: 'purgeKey',
  restartCold: 'restart',
  restartWarm: 'restart',
  reloadConfig: 'reloadConfig',
});

/** The command-line flags that configure each action (stampede run --cache external). */
const FLAGS: Readonly<Partial<Record<CacheCapability, string>>> = {
  purgeAll: 'pass --purge-cmd/--purge-url (options.actions.purgeAll)',
  ban: 'pass --ban-cmd/--ban-url (options.actions.ban; the pattern arrives as $STAMPEDE_PATTERN or {{pattern}})',
  purgeKeys: 'pass --purge-key-cmd/--purge-key-url (options.actions.purgeKey; $STAMPEDE_PATH or {{path}})',
  restartCold: 'pass --restart-cmd/--restart-url (options.actions.restart)',
  restartWarm: 'pass --restart-cmd/--restart-url (options.actions.restart)',
  reloadConfig: 'pass --reload-cmd/--reload-url (options.actions.reloadConfig)',
};

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

const { workDir: _workDir, ...fields } = commonFields;

export const EXTERNAL_OPTIONS: CacheKindOptions<ExternalOptions> = Object.freeze<CacheKindOptions<ExternalOptions>>({
  fields: {
    ...fields,
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
  defaultCacheHeader: 'x-cache',
  binaries: {},
  originRequired: false,
  changes: 'any',
  comparable: false,
  actionFor: EXTERNAL_ACTION_FOR,
  capabilities: (settings) => {
    const a = settings.actions ?? {};
    const caps = allCapabilities(false);
    for (const [c, action] of Object.entries(EXTERNAL_ACTION_FOR)) caps[c as CacheCapability] = a[action] !== undefined;
    return Object.freeze(caps);
  },
  remedy: (capability) =>
    `which the external cache has no command for: ${FLAGS[capability] ?? 'stampede cannot control an external cache this way; use --cache varnish, nginx or embedded'}`,
  check: (raw, add) => {
    const allowRemote = raw['allowRemote'] === true;
    checkUrl('url', raw['url'], { required: true, httpOnly: false, allowRemote }, add);
    const actions = raw['actions'];
    if (actions === null || typeof actions !== 'object') return;
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
  },
  resolve: (input): ExternalOptions => {
    const d = input as ExternalInput;
    return {
      url: stripSlash(d.url ?? ''),
      originUrl: d.originUrl === undefined ? undefined : stripSlash(d.originUrl),
      allowRemote: d.allowRemote ?? COMMON_DEFAULTS.allowRemote,
      cacheHeader: (d.cacheHeader ?? EXTERNAL_OPTIONS.defaultCacheHeader).toLowerCase(),
      startTimeoutMs: d.startTimeoutMs ?? COMMON_DEFAULTS.startTimeoutMs,
      actions: d.actions ?? {},
    };
  },
});
