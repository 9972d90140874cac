/**
 * One action on a cache stampede does not manage: an HTTP request or a shell command, as the user configured it.
 * - HTTP: `{{pattern}}` and `{{change}}` in the URL are replaced URL-encoded, `{{path}}` as is (it is a request
 *   target already: `http://127.0.0.1:6081{{path}}`); in header values all three verbatim
 *   (e.g. Varnish: {method: "BAN", url: "http://127.0.0.1:6081/", headers: {"X-Ban-Url": "{{pattern}}"}}).
 *   Any 2xx answer is success.
 * - command: `/bin/sh -c COMMAND`; the arguments arrive as environment variables STAMPEDE_PATTERN, STAMPEDE_PATH,
 *   STAMPEDE_CONFIG_CHANGE (JSON) and STAMPEDE_CACHE_URL, never spliced into the command text (no quoting bugs, no
 *   injection). Exit code 0 is success.
 */
import { Agent, request } from 'undici';
import { CacheActionError } from '../errors.js';
import type { ExternalAction } from './external-options.js';
import { runCommand } from '../process/run-command.js';

export interface ActionArguments {
  pattern?: string;
  path?: string;
  change?: string;
}

const TIMEOUT_MS = 120_000;
const ENV_NAMES: Readonly<Record<keyof ActionArguments, string>> = {
  pattern: 'STAMPEDE_PATTERN',
  path: 'STAMPEDE_PATH',
  change: 'STAMPEDE_CONFIG_CHANGE',
};

/** `{{name}}` -> value, encoded by `encode` unless it is the path; unknown placeholders are left alone. Pure. */
export function fillPlaceholders(text: string, args: ActionArguments, encode: (s: string) => string): string {
  return text.replace(/\{\{(pattern|path|change)\}\}/g, (whole, name: keyof ActionArguments) => {
    const value = args[name];
    if (value === undefined) return whole;
    return name === 'path' ? value : encode(value);
  });
}

export async function runExternalAction(
  name: string,
  action: ExternalAction,
  args: ActionArguments,
  context: { cacheUrl: string; agent: Agent },
): Promise<void> {
  if ('command' in action) {
    const env: NodeJS.ProcessEnv = { ...process.env, STAMPEDE_CACHE_URL: context.cacheUrl };
    for (const [key, envName] of Object.entries(ENV_NAMES)) {
      const value = args[key as keyof ActionArguments];
      if (value !== undefined) env[envName] = value;
    }
    const r = await runCommand('/bin/sh', ['-c', action.command], { timeoutMs: TIMEOUT_MS, installCommand: 'a POSIX shell', env });
    if (r.code !== 0) {
      const why = r.timedOut ? `timed out after ${TIMEOUT_MS} ms` : `exited with ${r.code ?? 'a signal'}`;
      throw new CacheActionError('external', name, `command ${JSON.stringify(action.command)} ${why}`, r.stdout + r.stderr);
    }
    return;
  }
  const url = fillPlaceholders(action.url, args, encodeURIComponent);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.headers ?? {})) headers[k] = fillPlaceholders(v, args, (s) => s);
  let res;
  try {
    res = await request(url, {
      method: (action.method ?? 'POST') as 'POST',
      headers,
      dispatcher: context.agent,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
  } catch (err) {
    throw new CacheActionError('external', name, `${action.method ?? 'POST'} ${url} failed: ${(err as Error).message}`, '', { cause: err });
  }
  const body = await res.body.text();
  if (res.statusCode < 200 || res.statusCode > 299) {
    throw new CacheActionError('external', name, `${action.method ?? 'POST'} ${url} answered ${res.statusCode}`, body.slice(0, 4_000));
  }
}
