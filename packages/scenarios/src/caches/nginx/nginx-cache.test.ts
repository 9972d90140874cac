import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import type { CacheAdapter } from '../adapter.js';
import { isProcessAlive } from '../process/managed-process.js';
import { createCacheAdapter } from '../registry.js';
import { burst, get, sleep, tally } from '../testing/client.js';
import { binaryAvailable } from '../testing/skip-note.js';
import { startTestOrigin, type TestOrigin } from '../testing/test-origin.js';

const hasNginx = binaryAvailable(['nginx'], 'apt-get install -y nginx');
const H = 'x-cache-status';

/**
 * nginx commits a cache file when the upstream response ends, which can be a moment after the client got the
 * last byte: wait for the files before purging, or the purge races the commit.
 */
async function filesCommitted(cache: CacheAdapter, atLeast: number): Promise<void> {
  for (let i = 0; i < 100 && ((await cache.stats())['cacheFiles'] ?? 0) < atLeast; i++) await sleep(10);
}

describe.skipIf(!hasNginx)('nginx cache (a private nginx, proxy_cache)', () => {
  let origin: TestOrigin;
  let cache: CacheAdapter;
  let url: string;

  beforeAll(async () => {
    origin = await startTestOrigin({ delayMs: 150 });
    cache = createCacheAdapter('nginx', { originUrl: origin.url });
    ({ url } = await cache.start());
  });

  afterAll(async () => {
    await cache?.stop();
    await origin?.close();
  });

  test('MISS then HIT in X-Cache-Status; PASS for uncached methods; version; stub_status + cache file counters', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cache.cacheHeader).toBe(H);
    const first = await get(url, '/a', H);
    const second = await get(url, '/a', H);
    expect([first.cache, second.cache]).toEqual(['MISS', 'HIT']);
    expect(second.body).toBe('origin /a #1\n');
    expect(origin.count('/a')).toBe(1);
    expect((await get(url, '/a', H, 'POST')).cache).toBe('PASS');
    expect(await cache.version()).toMatch(/^nginx\/1\.\d+/);
    const stats = await cache.stats();
    expect(stats['requests']).toBeGreaterThanOrEqual(3);
    expect(stats['cacheFiles']).toBeGreaterThanOrEqual(1);
  });

  test('purgeAll swaps the cache directory for an empty one: the next request misses, its refill is cached again', async () => {
    await get(url, '/p1', H);
    await filesCommitted(cache, 1);
    await cache.purgeAll();
    expect((await cache.stats())['cacheFiles']).toBe(0);
    expect((await get(url, '/p1', H)).cache).toBe('MISS');
    expect(origin.count('/p1')).toBe(2);
    await filesCommitted(cache, 1); // nginx made the level directories again in the new, empty tree
    expect((await get(url, '/p1', H)).cache).toBe('HIT');
    expect(origin.count('/p1')).toBe(2);
  });

  test('ban by URL regex deletes only the matching cache files (KEY line); purgeKeys the given paths', async () => {
    await cache.purgeAll();
    for (const p of ['/items/1', '/items/2?x=1', '/other', '/keep']) await get(url, p, H);
    await filesCommitted(cache, 4);
    await cache.ban('^/items/');
    expect((await get(url, '/items/1', H)).cache).toBe('MISS');
    expect((await get(url, '/items/2?x=1', H)).cache).toBe('MISS');
    expect((await get(url, '/other', H)).cache).toBe('HIT');
    await cache.purgeKeys(['/keep']);
    expect((await get(url, '/keep', H)).cache).toBe('MISS');
    expect((await get(url, '/other', H)).cache).toBe('HIT');
    await expect(cache.ban('[')).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
  });

  test('coalescing on (proxy_cache_lock): 50 concurrent misses for a NEW key -> 1 origin request', async () => {
    const replies = await burst(url, '/hot', H, 50);
    expect(origin.count('/hot')).toBe(1);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(tally(replies)['MISS']).toBe(1);
  });

  test('TTL collapse: with the lock on, 50 concurrent requests for an EXPIRED key all reach the origin', async () => {
    origin.configure({ maxAgeS: 1 });
    onTestFinished(() => origin.configure({ maxAgeS: 60, delayMs: 150 }));
    await get(url, '/expiring', H);
    await sleep(2_100); // nginx keeps whole seconds: max-age=1 is expired for sure after 2 s
    origin.configure({ delayMs: 500 }); // the whole burst arrives before the first refill lands
    const replies = await burst(url, '/expiring', H, 50);
    expect(tally(replies)).toEqual({ EXPIRED: 50 });
    expect(origin.count('/expiring')).toBe(51);
  });

  test("the origin's stale-while-revalidate: stale served (STALE/UPDATING), 1 background update", async () => {
    origin.configure({ maxAgeS: 1, swrS: 30 });
    onTestFinished(() => origin.configure({ maxAgeS: 60, swrS: 0, delayMs: 150 }));
    await get(url, '/s', H);
    await sleep(2_100);
    origin.configure({ delayMs: 500 }); // the whole burst arrives while the background update runs
    const replies = await burst(url, '/s', H, 30);
    const t = tally(replies);
    expect((t['STALE'] ?? 0) + (t['UPDATING'] ?? 0)).toBe(30);
    await sleep(700);
    expect(origin.count('/s')).toBe(2);
    expect(await get(url, '/s', H)).toMatchObject({ cache: 'HIT', body: 'origin /s #2\n' });
  });

  test('restart cold empties the cache on the same port; warm re-fetches the given paths', async () => {
    await get(url, '/r1', H);
    const before = cache.pids();
    await cache.restart('cold');
    expect(cache.pids()[0]).not.toBe(before[0]);
    expect(before.filter(isProcessAlive)).toEqual([]);
    expect((await get(url, '/r1', H)).cache).toBe('MISS');
    const warm = await cache.restart('warm', { paths: ['/r1', '/r2'], ratePerS: 50 });
    expect(warm).toMatchObject({ mode: 'warm', warmed: 2, warmFailed: 0 });
    expect(origin.count('/r1')).toBe(3);
    expect((await get(url, '/r1', H)).cache).toBe('HIT');
    expect((await get(url, '/r2', H)).cache).toBe('HIT');
  });

  test('reloadConfig while serving: lock off -> ~50 origin requests; then grace updating; bad config rejected', async () => {
    let failures = 0;
    let served = 0;
    let loading = true;
    const background = (async () => {
      while (loading) {
        const r = await get(url, '/a', H).catch(() => undefined);
        if (r === undefined || r.status !== 200) failures += 1;
        else served += 1;
      }
    })();
    await cache.reloadConfig({ coalescing: false });
    origin.configure({ delayMs: 500 });
    const replies = await burst(url, '/cold-off', H, 50);
    origin.configure({ delayMs: 150 });
    expect(origin.count('/cold-off')).toBe(50);
    expect(replies.every((r) => r.status === 200)).toBe(true);

    await cache.reloadConfig({ coalescing: true, grace: { seconds: 30 } });
    origin.configure({ maxAgeS: 1 });
    onTestFinished(() => origin.configure({ maxAgeS: 60 }));
    await get(url, '/g', H);
    await sleep(2_100);
    origin.configure({ delayMs: 500 });
    onTestFinished(() => origin.configure({ delayMs: 150 }));
    const stale = await burst(url, '/g', H, 30);
    const t = tally(stale);
    expect((t['STALE'] ?? 0) + (t['UPDATING'] ?? 0)).toBe(30);
    loading = false;
    await background;
    expect(failures).toBe(0);
    expect(served).toBeGreaterThan(0);
    expect(cache.config()).toMatchObject({ coalescing: true, grace: { seconds: 30 } });

    const bad = join(tmpdir(), `stampede-bad-${process.pid}.conf`);
    writeFileSync(bad, 'server { listen {{LISTEN}}; proxy_cache_path {{CACHE_DIR}} keys_zone=x:1m; location / { proxy_pass {{ORIGIN}}; } }\n');
    onTestFinished(() => rm(bad, { force: true }));
    const err = await cache.reloadConfig({ nginxConfFile: bad }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_CACHE_ACTION' });
    expect((err as Error).message).toContain('"proxy_cache_path" directive is not allowed here');
    expect((await get(url, '/a', H)).cache).toBe('HIT'); // the old configuration keeps serving
    expect(cache.config()).toMatchObject({ conf: 'generated' });
  });

  test('a work directory the user names outlives stop(), without the trees purges swapped out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stampede-nginx-work-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await using other = createCacheAdapter('nginx', { originUrl: origin.url, workDir: dir });
    const { url: otherUrl } = await other.start();
    await get(otherUrl, '/w', H);
    await filesCommitted(other, 1);
    await other.purgeAll();
    expect(readdirSync(join(dir, 'purged')).length).toBe(1);
    await other.stop();
    expect(existsSync(join(dir, 'conf', 'nginx.conf'))).toBe(true);
    expect(existsSync(join(dir, 'purged'))).toBe(false);
  });

  test('stop() leaves no process behind and removes the work directory', async () => {
    await using other = createCacheAdapter('nginx', { originUrl: origin.url });
    await other.start();
    const workDir = other.config()['workDir'] as string;
    const pids = other.pids();
    expect(pids.length).toBeGreaterThanOrEqual(2); // master + worker (+ cache manager/loader)
    await other.stop();
    expect(pids.filter(isProcessAlive)).toEqual([]);
    expect(existsSync(workDir)).toBe(false);
  });
});

describe.skipIf(!hasNginx)('nginx cache: user conf and failures', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'stampede-nginx-test-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  test('a user site conf gets {{LISTEN}}, {{ORIGIN}} and {{CACHE_DIR}} filled in; ban matches its default-style key', async () => {
    await using origin = await startTestOrigin();
    const file = join(tmp, 'site.conf');
    writeFileSync(
      file,
      [
        'proxy_cache_path {{CACHE_DIR}} levels=1:2 keys_zone=mine:1m;',
        'server {',
        '  listen {{LISTEN}};',
        '  location / {',
        '    proxy_pass {{ORIGIN}};',
        '    proxy_cache mine;',
        '    add_header X-Cache-Status $upstream_cache_status always;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    await using cache = createCacheAdapter('nginx', { originUrl: origin.url, nginxConfFile: file });
    expect(cache.capabilities).toMatchObject({ coalescingToggle: false, grace: false, ban: true });
    const { url } = await cache.start();
    expect((await get(url, '/u/1', H)).cache).toBe('MISS');
    expect((await get(url, '/u/1', H)).cache).toBe('HIT');
    await filesCommitted(cache, 1);
    await cache.ban('^/u/');
    expect((await get(url, '/u/1', H)).cache).toBe('MISS');
    await expect(cache.reloadConfig({ coalescing: false })).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
  });

  test('a conf nginx rejects -> CacheStartError with nginx own message, nothing left running', async () => {
    const file = join(tmp, 'bad.conf');
    writeFileSync(file, 'proxy_cache_path {{CACHE_DIR}} keys_zone=b:1m;\nserver { listen {{LISTEN}}; location / { proxy_pass {{ORIGIN}}; no_such_directive on; } }\n');
    const cache = createCacheAdapter('nginx', { originUrl: 'http://127.0.0.1:9', nginxConfFile: file });
    const err = await cache.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_CACHE_START' });
    expect((err as Error).message).toContain('unknown directive "no_such_directive"');
    expect(cache.pids()).toEqual([]);
  });

  test('missing nginx -> MissingBinaryError naming the install command', async () => {
    const cache = createCacheAdapter('nginx', { originUrl: 'http://127.0.0.1:9', binaries: { nginx: '/nonexistent/nginx' } });
    const err = await cache.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_MISSING_BINARY' });
    expect((err as Error).message).toContain('apt-get install -y nginx');
  });
});
