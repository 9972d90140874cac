/**
 * What the origin answers once a slot has served a request (pure: config, time and RNG are passed in).
 * - `GET|HEAD /items/<key>` -> 200 with the deterministic body, or 304 when If-None-Match matches the ETag.
 * - other methods on an item -> 405; any other path -> 404.
 * `<key>` is one raw (still percent-encoded) path segment; the query string is ignored.
 */
import type { BackendOptions } from './options.js';
import type { Rng } from './seeded-rng.js';

export interface ItemRequest {
  method: string | undefined;
  url: string | undefined;
  ifNoneMatch: string | undefined;
}

export interface ItemResponse {
  status: 200 | 304 | 404 | 405;
  headers: Record<string, string>;
  /** undefined for HEAD, 304 */
  body: Buffer | undefined;
}

export type BodySource = (key: string, contentVersion: number, bodyBytes: number) => Buffer;

type ContentConfig = Pick<BackendOptions, 'ttlS' | 'staleWhileRevalidateS' | 'ttlJitterPct' | 'bodyBytes' | 'contentVersion'>;

/** RFC 3986 pchar without `/`; excludes `"` and `\` so the key can sit inside the ETag as is. */
const ITEM_PATH = /^\/items\/([A-Za-z0-9._~!$&'()*+,;=:@%-]+)$/;

const NOT_FOUND = Buffer.from('not found\n');
const NOT_ALLOWED = Buffer.from('method not allowed\n');

/** The item key in a request target, or undefined when the path is not `/items/<key>`. */
export function itemKey(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return ITEM_PATH.exec(q === -1 ? url : url.slice(0, q))?.[1];
}

/** `"<key>-v<contentVersion>"` */
export function itemEtag(key: string, contentVersion: number): string {
  return `"${key}-v${contentVersion}"`;
}

/** If-None-Match uses the weak comparison: `*`, or any listed tag equal once a `W/` prefix is dropped. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim();
    if (tag === '*' || tag === etag || (tag.startsWith('W/') && tag.slice(2) === etag)) return true;
  }
  return false;
}

/** max-age with the per-response jitter: ttlS x (1 + U(-p, p) / 100), rounded, never negative. */
export function jitteredTtlS(ttlS: number, ttlJitterPct: number, rng: Rng): number {
  if (ttlJitterPct === 0 || ttlS === 0) return ttlS;
  return Math.max(0, Math.round(ttlS * (1 + ((2 * rng() - 1) * ttlJitterPct) / 100)));
}

export function cacheControl(maxAgeS: number, staleWhileRevalidateS: number): string {
  return staleWhileRevalidateS > 0
    ? `public, max-age=${maxAgeS}, stale-while-revalidate=${staleWhileRevalidateS}`
    : `public, max-age=${maxAgeS}`;
}

export function itemResponse(
  req: ItemRequest,
  config: ContentConfig,
  nowMs: number,
  rng: Rng,
  bodyFor: BodySource,
): ItemResponse {
  const servedAt = String(Math.round(nowMs));
  const key = itemKey(req.url);
  if (key === undefined) return plain(404, NOT_FOUND, servedAt, req.method);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const r = plain(405, NOT_ALLOWED, servedAt, req.method);
    r.headers['allow'] = 'GET, HEAD';
    return r;
  }
  const etag = itemEtag(key, config.contentVersion);
  const headers: Record<string, string> = {
    'cache-control': cacheControl(jitteredTtlS(config.ttlS, config.ttlJitterPct, rng), config.staleWhileRevalidateS),
    etag,
    'x-content-version': String(config.contentVersion),
    'x-origin-served-at': servedAt,
  };
  if (etagMatches(req.ifNoneMatch, etag)) return { status: 304, headers, body: undefined };
  headers['content-type'] = 'text/plain; charset=utf-8';
  headers['content-length'] = String(config.bodyBytes);
  const body = req.method === 'HEAD' ? undefined : bodyFor(key, config.contentVersion, config.bodyBytes);
  return { status: 200, headers, body };
}

function plain(status: 404 | 405, body: Buffer, servedAt: string, method: string | undefined): ItemResponse {
  return {
    status,
    headers: {
      'cache-control': 'no-store',
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(body.length),
      'x-origin-served-at': servedAt,
    },
    body: method === 'HEAD' ? undefined : body,
  };
}
