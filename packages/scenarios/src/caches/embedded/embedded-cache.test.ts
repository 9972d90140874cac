import { describe, expect, onTestFinished, test } from 'vitest';
import type { CacheAdapter } from '../adapter.js';
import type { CacheAdapterOptions } from '../options.js';
import { createCacheAdapter } from '../registry.js';
import { burst, get, sleep, tally } from '../testing/client.js';
import { startTestOrigin, type TestOrigin, type TestOriginSettings } from '../testing/test-origin.js';

async function setup(
  originSettings: Partial<TestOriginSettings> = {},
  options: Omit<CacheAdapterOptions, 'originUrl'> = {},
): Promise<{ origin: TestOrigin; cache: CacheAdapter; url: string }> {
  const origin = await startTestOrigin(originSettings);
  const cache = createCacheAdapter('embedded', { originUrl: origin.url, ...options });
  onTestFinished(async () => {
    await cache.stop();
    await origin.close();
  });
  const { url } = await cache.start();
  return { origin, cache, url };
}

describe('embedded cache (undici cache + deduplicate behind node:http)', () => {
  test('MISS then HIT, X-Cache set, body and headers forwarded', async () => {
    const { origin, cache, url } = await setup();
    expect(cache.cacheHeader).toBe('x-cache');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const first = await get(url, '/a', 'x-cache');
    const second = await get(url, '/a', 'x-cache');
    expect([first.cache, second.cache]).toEqual(['MISS', 'HIT']);
    expect(first.status).toBe(200);
    expect(second.body).toBe('origin /a #1\n');
    expect(second.headers['cache-control']).toBe('public, max-age=60');
    expect(second.headers['age']).toBeDefined();
    expect(origin.count('/a')).toBe(1);
    const stats = await cache.stats();
    expect(stats).toMatchObject({ requests: 2, hit: 1, miss: 1, originFetches: 1, objects: 1 });
    expect(await cache.version()).toMatch(/^undici\/7\.\d+\.\d+$/);
    expect(cache.pids()).toEqual([]);
  });

  test('HEAD and POST pass through uncached (PASS)', async () => {
    const { origin, url } = await setup();
    expect((await get(url, '/p', 'x-cache', 'HEAD')).cache).toBe('PASS');
    expect((await get(url, '/p', 'x-cache', 'POST')).cache).toBe('PASS');
    expect(origin.count('/p')).toBe(2);
  });

  test('purgeAll: the next request reaches the origin', async () => {
    const { origin, cache, url } = await setup();
    await get(url, '/a', 'x-cache');
    await get(url, '/b', 'x-cache');
    await cache.purgeAll();
    expect((await get(url, '/a', 'x-cache')).cache).toBe('MISS');
    expect((await get(url, '/b', 'x-cache')).cache).toBe('MISS');
    expect(origin.count('/a')).toBe(2);
    expect(origin.count('/b')).toBe(2);
  });

  test('ban by URL regex removes only matching keys; purgeKeys removes the given paths', async () => {
    const { origin, cache, url } = await setup();
    for (const p of ['/items/1', '/items/2?x=1', '/other']) await get(url, p, 'x-cache');
    await cache.ban('^/items/');
    expect((await get(url, '/items/1', 'x-cache')).cache).toBe('MISS');
    expect((await get(url, '/items/2?x=1', 'x-cache')).cache).toBe('MISS');
    expect((await get(url, '/other', 'x-cache')).cache).toBe('HIT');
    await cache.purgeKeys(['/other']);
    expect((await get(url, '/other', 'x-cache')).cache).toBe('MISS');
    expect((await get(url, '/items/1', 'x-cache')).cache).toBe('HIT');
    expect(origin.count('/other')).toBe(2);
    await expect(cache.ban('(')).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
    await expect(cache.purgeKeys(['no-slash'])).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
  });

  test('coalescing on: 50 concurrent misses for one key -> 1 origin request, the others are coalesced hits', async () => {
    const { origin, cache, url } = await setup({ delayMs: 200 });
    const replies = await burst(url, '/hot', 'x-cache', 50);
    expect(origin.count('/hot')).toBe(1);
    expect(tally(replies)).toEqual({ MISS: 1, HIT: 49 });
    expect(replies.every((r) => r.body === 'origin /hot #1\n')).toBe(true);
    expect((await cache.stats())['coalesced']).toBe(49);
  });

  test('coalescing off: 50 concurrent misses -> 50 origin requests', async () => {
    const { origin, url } = await setup({ delayMs: 500 }, { coalescing: false }); // all 50 arrive within the fetch
    const replies = await burst(url, '/hot', 'x-cache', 50);
    expect(origin.count('/hot')).toBe(50);
    expect(tally(replies)).toEqual({ MISS: 50 });
  });

  test('stale-while-revalidate: stale served to all, 1 background fetch', async () => {
    const { origin, cache, url } = await setup({ maxAgeS: 1, swrS: 30 });
    await get(url, '/s', 'x-cache');
    await sleep(1_100);
    origin.configure({ delayMs: 500 }); // the whole burst arrives while the background fetch runs
    const replies = await burst(url, '/s', 'x-cache', 30);
    expect(tally(replies)).toEqual({ STALE: 30 });
    await sleep(700);
    expect(origin.count('/s')).toBe(2);
    expect((await cache.stats())['backgroundFetches']).toBe(1);
    const fresh = await get(url, '/s', 'x-cache');
    expect(fresh).toMatchObject({ cache: 'HIT', body: 'origin /s #2\n' });
  });

  test('stale-while-revalidate without deduplicate: every stale hit fires its own background fetch', async () => {
    const { origin, cache, url } = await setup({ maxAgeS: 1, swrS: 30 }, { coalescing: false });
    await get(url, '/s', 'x-cache');
    await sleep(1_100);
    origin.configure({ delayMs: 500 });
    const replies = await burst(url, '/s', 'x-cache', 20);
    expect(tally(replies)).toEqual({ STALE: 20 });
    await sleep(700);
    expect(origin.count('/s')).toBe(21);
    expect((await cache.stats())['backgroundFetches']).toBe(20);
  });

  test('grace: false ignores the origin stale-while-revalidate; ttlOverrideS replaces max-age', async () => {
    const { origin, url } = await setup({ maxAgeS: 60, swrS: 30 }, { grace: false, ttlOverrideS: 1 });
    await get(url, '/g', 'x-cache');
    expect((await get(url, '/g', 'x-cache')).cache).toBe('HIT');
    await sleep(1_100);
    expect((await get(url, '/g', 'x-cache')).cache).toBe('MISS');
    expect(origin.count('/g')).toBe(2);
  });

  test('restart cold empties the cache; warm re-fetches the given paths before returning', async () => {
    const { origin, cache, url } = await setup();
    await get(url, '/a', 'x-cache');
    await get(url, '/b', 'x-cache');
    const cold = await cache.restart('cold');
    expect(cold).toMatchObject({ mode: 'cold', warmed: 0, warmFailed: 0 });
    expect((await get(url, '/a', 'x-cache')).cache).toBe('MISS');
    const warm = await cache.restart('warm', { paths: ['/a', '/b', '/c'], ratePerS: 100 });
    expect(warm).toMatchObject({ mode: 'warm', warmed: 3, warmFailed: 0 });
    expect(warm.durationMs).toBeGreaterThanOrEqual(15);
    expect(origin.count('/a')).toBe(3);
    expect(origin.count('/c')).toBe(1);
    for (const p of ['/a', '/b', '/c']) expect((await get(url, p, 'x-cache')).cache).toBe('HIT');
    await expect(cache.restart('warm')).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
  });

  test('a warm restart is blue/green: clients keep hitting the old instance while the new one warms, then the warmed one', async () => {
    const { origin, cache, url } = await setup({ delayMs: 50 });
    const paths = Array.from({ length: 10 }, (_, i) => `/w${i}`);
    for (const p of paths) await get(url, p, 'x-cache');
    const restarting = cache.restart('warm', { paths, ratePerS: 50 });
    await sleep(20);
    const during = await Promise.all(paths.map((p) => get(url, p, 'x-cache')));
    const result = await restarting;
    expect(result).toMatchObject({ mode: 'warm', warmed: 10, warmFailed: 0, underLiveTraffic: false });
    expect(tally(during)).toEqual({ HIT: 10 });
    const after = await Promise.all(paths.map((p) => get(url, p, 'x-cache')));
    expect(tally(after)).toEqual({ HIT: 10 });
    // one fetch before the restart, one by the warm-up; clients added none
    for (const p of paths) expect(origin.count(p)).toBe(2);
  });

  test('reloadConfig switches coalescing on while serving, and the TTL', async () => {
    const { origin, cache, url } = await setup({ delayMs: 500 }, { coalescing: false });
    await burst(url, '/x', 'x-cache', 20);
    expect(origin.count('/x')).toBe(20);
    await cache.reloadConfig({ coalescing: true });
    await burst(url, '/y', 'x-cache', 20);
    expect(origin.count('/y')).toBe(1);
    expect(cache.config()).toMatchObject({ coalescing: true });
    await cache.reloadConfig({ ttlOverrideS: 1 });
    await get(url, '/t', 'x-cache');
    await sleep(1_100);
    expect((await get(url, '/t', 'x-cache')).cache).toBe('MISS');
    await expect(cache.reloadConfig({ vclFile: '/x.vcl' })).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
  });

  test('size limits evict least recently used URLs (an eviction storm can be provoked)', async () => {
    const { origin, cache, url } = await setup({}, { maxCount: 3 });
    for (const p of ['/1', '/2', '/3']) await get(url, p, 'x-cache');
    await get(url, '/1', 'x-cache'); // /1 is now the most recently used
    await get(url, '/4', 'x-cache'); // evicts /2
    expect((await get(url, '/1', 'x-cache')).cache).toBe('HIT');
    expect((await get(url, '/2', 'x-cache')).cache).toBe('MISS');
    const stats = await cache.stats();
    expect(stats['objects']).toBe(3);
    expect(stats['evictions']).toBe(2);
    expect(origin.count('/2')).toBe(2);
    await cache.reloadConfig({ maxCount: 1 });
    expect((await cache.stats())['objects']).toBe(1);
  });

  test('502 with X-Cache: MISS when the origin is unreachable, counted', async () => {
    const origin = await startTestOrigin();
    const originUrl = origin.url;
    await origin.close();
    await using cache = createCacheAdapter('embedded', { originUrl });
    const { url } = await cache.start();
    const reply = await get(url, '/down', 'x-cache');
    expect(reply.status).toBe(502);
    expect(reply.cache).toBe('MISS');
    expect(await cache.stats()).toMatchObject({ responses502: 1, originErrors: 1 });
  });

  test('stop() is idempotent and closes the port', async () => {
    const { cache, url } = await setup();
    await cache.stop();
    await cache.stop();
    await expect(get(url, '/a', 'x-cache')).rejects.toThrow();
  });
});
