import { describe, expect, test } from 'vitest';
import { contentBody } from './content-body.js';
import { cacheControl, etagMatches, itemKey, itemResponse, jitteredTtlS, type ItemRequest } from './item-response.js';
import { seededRng } from './seeded-rng.js';

const config = { ttlS: 60, staleWhileRevalidateS: 0, ttlJitterPct: 0, bodyBytes: 32, contentVersion: 3 };
const NOW = 1_700_000_000_123.6;
const get = (url: string, over: Partial<ItemRequest> = {}): ItemRequest => ({ method: 'GET', url, ifNoneMatch: undefined, ...over });
const respond = (req: ItemRequest, c = config) => itemResponse(req, c, NOW, seededRng(1), contentBody);

describe('itemKey', () => {
  test.each<[string | undefined, string | undefined]>([
    ['/items/abc', 'abc'],
    ['/items/user%3A42', 'user%3A42'],
    ['/items/k-1.json?v=2', 'k-1.json'],
    ['/items/', undefined],
    ['/items', undefined],
    ['/items/a/b', undefined],
    ['/items/a"b', undefined],
    ['/other/abc', undefined],
    ['/', undefined],
    [undefined, undefined],
  ])('%s -> %s', (url, key) => {
    expect(itemKey(url)).toBe(key);
  });
});

describe('etagMatches', () => {
  test.each<[string | undefined, boolean]>([
    [undefined, false],
    ['"k-v1"', true],
    ['W/"k-v1"', true],
    ['"x", "k-v1"', true],
    ['*', true],
    ['"k-v2"', false],
    ['k-v1', false],
    ['', false],
  ])('If-None-Match %s -> %s', (header, match) => {
    expect(etagMatches(header, '"k-v1"')).toBe(match);
  });
});

describe('jitteredTtlS', () => {
  test('no jitter draws nothing and keeps the TTL', () => {
    const rng = seededRng(1);
    expect(jitteredTtlS(60, 0, rng)).toBe(60);
    expect(rng()).toBe(seededRng(1)());
  });

  test('jitter stays within +/- pct, covers the range, and is seeded', () => {
    const a = seededRng(5);
    const values = Array.from({ length: 2000 }, () => jitteredTtlS(100, 20, a));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...values)).toBeLessThanOrEqual(120);
    expect(Math.min(...values)).toBeLessThanOrEqual(81);
    expect(Math.max(...values)).toBeGreaterThanOrEqual(119);
    const b = seededRng(5);
    expect(Array.from({ length: 2000 }, () => jitteredTtlS(100, 20, b))).toEqual(values);
  });

  test('never negative', () => {
    const rng = seededRng(2);
    for (let i = 0; i < 100; i++) expect(jitteredTtlS(1, 100, rng)).toBeGreaterThanOrEqual(0);
  });
});

describe('cacheControl', () => {
  test.each([
    [60, 0, 'public, max-age=60'],
    [5, 30, 'public, max-age=5, stale-while-revalidate=30'],
  ])('max-age %d swr %d', (ttl, swr, expected) => {
    expect(cacheControl(ttl, swr)).toBe(expected);
  });
});

describe('itemResponse', () => {
  test('GET an item: 200, deterministic body of bodyBytes, caching and version headers', () => {
    const r = respond(get('/items/abc'));
    expect(r.status).toBe(200);
    expect(r.headers).toEqual({
      'cache-control': 'public, max-age=60',
      etag: '"abc-v3"',
      'x-content-version': '3',
      'x-origin-served-at': '1700000000124',
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '32',
    });
    expect(r.body).toEqual(contentBody('abc', 3, 32));
  });

  test('HEAD: same headers, no body', () => {
    const r = respond(get('/items/abc', { method: 'HEAD' }));
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe('32');
    expect(r.body).toBeUndefined();
  });

  test('If-None-Match on the current version: 304 without body; an old version: 200', () => {
    const hit = respond(get('/items/abc', { ifNoneMatch: '"abc-v3"' }));
    expect(hit.status).toBe(304);
    expect(hit.body).toBeUndefined();
    expect(hit.headers.etag).toBe('"abc-v3"');
    expect(hit.headers['cache-control']).toBe('public, max-age=60');
    expect(respond(get('/items/abc', { ifNoneMatch: '"abc-v2"' })).status).toBe(200);
  });

  test('stale-while-revalidate when configured', () => {
    const r = respond(get('/items/abc'), { ...config, ttlS: 5, staleWhileRevalidateS: 30 });
    expect(r.headers['cache-control']).toBe('public, max-age=5, stale-while-revalidate=30');
  });

  test.each([
    ['/nope', 'GET', 404],
    ['/items/', 'GET', 404],
    ['/items/abc', 'POST', 405],
    ['/items/abc', 'DELETE', 405],
  ])('%s %s -> %d, not cacheable', (url, method, status) => {
    const r = respond(get(url, { method }));
    expect(r.status).toBe(status);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(Number(r.headers['content-length'])).toBe(r.body?.length);
    if (status === 405) expect(r.headers.allow).toBe('GET, HEAD');
  });
});
