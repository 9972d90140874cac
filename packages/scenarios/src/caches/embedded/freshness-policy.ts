/**
 * The embedded cache's vcl_backend_response: an interceptor between the origin and the cache that rewrites the
 * origin response's freshness headers before the cache stores it.
 * - TTL override: max-age=N for the statuses in TTL_OVERRIDE_STATUSES (s-maxage removed; no-store / private still
 *   keep it out of the cache, as in Varnish's built-in VCL).
 * - grace: stale-while-revalidate=N, or removed (`false`).
 * - Date is dropped, so freshness runs from arrival (as in Varnish and nginx). undici subtracts Date's apparent
 *   age, and Date has 1 s granularity, so every TTL would end up to 1 s early (verified: max-age=2, re-requested
 *   1.5 s later, missed 6 times out of 10). Clients still get a Date header (node:http adds its own).
 */
import type { Dispatcher } from 'undici';
import type { GraceSetting } from '../common-options.js';
import { TTL_OVERRIDE_STATUSES } from '../ttl-override.js';

export interface FreshnessPolicy {
  ttlOverrideS: number | undefined;
  grace: GraceSetting | undefined;
}

/** Rewrite a Cache-Control value under `policy`; undefined when there is (still) none. Pure. */
export function rewriteCacheControl(value: string | readonly string[] | undefined, policy: FreshnessPolicy): string | undefined {
  const original = Array.isArray(value) ? value.join(', ') : (value as string | undefined);
  if (original === undefined && policy.ttlOverrideS === undefined) return undefined;
  let directives = splitDirectives(original ?? '');
  if (policy.ttlOverrideS !== undefined) {
    directives = directives.filter((d) => !['max-age', 's-maxage'].includes(nameOf(d)));
    directives.push(`max-age=${policy.ttlOverrideS}`);
  }
  if (policy.grace !== undefined) {
    directives = directives.filter((d) => nameOf(d) !== 'stale-while-revalidate');
    if (policy.grace !== false) directives.push(`stale-while-revalidate=${policy.grace.seconds}`);
  }
  return directives.join(', ');
}

function splitDirectives(value: string): string[] {
  return value
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

function nameOf(directive: string): string {
  const eq = directive.indexOf('=');
  return (eq === -1 ? directive : directive.slice(0, eq)).trim().toLowerCase();
}

/** The interceptor; `policy()` is read per response, so a reloadConfig takes effect at once. */
export function freshnessPolicy(policy: () => FreshnessPolicy): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => dispatch(opts, new FreshnessHandler(handler, policy()));
}

class FreshnessHandler implements Dispatcher.DispatchHandler {
  readonly #next: Dispatcher.DispatchHandler;
  readonly #policy: FreshnessPolicy;

  constructor(next: Dispatcher.DispatchHandler, policy: FreshnessPolicy) {
    this.#next = next;
    this.#policy = policy;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.#next.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>, socket: import('node:stream').Duplex): void {
    this.#next.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    const next: Record<string, string | string[] | undefined> = { ...headers };
    delete next['date'];
    const policy = TTL_OVERRIDE_STATUSES.includes(statusCode) ? this.#policy : { ...this.#policy, ttlOverrideS: undefined };
    const cacheControl = rewriteCacheControl(headers['cache-control'], policy);
    if (cacheControl === undefined) delete next['cache-control'];
    else next['cache-control'] = cacheControl;
    this.#next.onResponseStart?.(controller, statusCode, next, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#next.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: Record<string, string | string[] | undefined>): void {
    this.#next.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.#next.onResponseError?.(controller, error);
  }
}
