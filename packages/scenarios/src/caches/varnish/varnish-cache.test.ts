import { existsSync, writeFileSync } from 'node:fs';
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

const hasVarnish = binaryAvailable(['varnishd', 'varnishadm', 'varnishstat'], 'apt-get install -y varnish');

describe.skipIf(!hasVarnish)('varnish cache (a private varnishd)', () => {
  let origin: TestOrigin;
  let cache: CacheAdapter;
  let url: string;
  let tmp: string;

  beforeAll(async () => {
    origin = await startTestOrigin({ delayMs: 100 });
    tmp = await mkdtemp(join(tmpdir(), 'stampede-varnish-test-'));
    cache = createCacheAdapter('varnish', { originUrl: origin.url, maxSizeBytes: 32 * 1024 * 1024 });
    ({ url } = await cache.start());
  });

  afterAll(async () => {
    await cache?.stop();
    await origin?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  test('starts on 127.0.0.1:<port 0>; MISS then HIT in X-Cache; version; MAIN.* counters', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cache.cacheHeader).toBe('x-cache');
    const first = await get(url, '/a', 'x-cache');
    const second = await get(url, '/a', 'x-cache');
    expect([first.cache, second.cache]).toEqual(['MISS', 'HIT']);
    expect(second.body).toBe('origin /a #1\n');
    expect(origin.count('/a')).toBe(1);
    expect(await cache.version()).toMatch(/^varnish\/7\.\d+/);
    const stats = await cache.stats();
    expect(stats['MAIN.cache_hit']).toBeGreaterThanOrEqual(1);
    expect(stats['MAIN.cache_miss']).toBeGreaterThanOrEqual(1);
    expect(stats['MAIN.backend_req']).toBeGreaterThanOrEqual(1);
    expect(Object.keys(stats).some((k) => k.startsWith('SMA.'))).toBe(true);
    expect((await get(url, '/a', 'x-cache', 'POST')).cache).toBe('PASS');
  });

  test('purgeAll: the next request reaches the origin', async () => {
    await get(url, '/p1', 'x-cache');
    await cache.purgeAll();
    expect((await get(url, '/p1', 'x-cache')).cache).toBe('MISS');
    expect(origin.count('/p1')).toBe(2);
  });

  test('ban by URL regex removes only matching keys; purgeKeys (HTTP PURGE) the given paths', async () => {
    for (const p of ['/items/1', '/items/2?q=a b', '/other', '/keep']) await get(url, p.replace(' ', '%20'), 'x-cache');
    await cache.ban('^/items/');
    expect((await get(url, '/items/1', 'x-cache')).cache).toBe('MISS');
    expect((await get(url, '/items/2?q=a%20b', 'x-cache')).cache).toBe('MISS');
    expect((await get(url, '/other', 'x-cache')).cache).toBe('HIT');
    await cache.ban('^/oth"er| x'); // a quote and a space survive the varnishadm command line
    await cache.ban('^/other$');
    expect((await get(url, '/other', 'x-cache')).cache).toBe('MISS');
    await cache.purgeKeys(['/keep']);
    expect((await get(url, '/keep', 'x-cache')).cache).toBe('MISS');
    expect((await get(url, '/items/1', 'x-cache')).cache).toBe('HIT');
    await expect(cache.ban('(')).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
  });

  test('coalescing on: 50 concurrent misses for one cold key -> 1 origin request', async () => {
    const replies = await burst(url, '/hot', 'x-cache', 50);
    expect(origin.count('/hot')).toBe(1);
    expect(tally(replies)).toEqual({ MISS: 1, HIT: 49 });
  });

  test('grace: within stale-while-revalidate, stale is served (X-Cache: STALE) and 1 background fetch happens', async () => {
    origin.configure({ maxAgeS: 1, swrS: 30 });
    onTestFinished(() => origin.configure({ maxAgeS: 60, swrS: 0, delayMs: 100 }));
    await get(url, '/s', 'x-cache');
    await sleep(1_200);
    const before = (await cache.stats())['MAIN.s_bgfetch'] ?? 0;
    origin.configure({ delayMs: 500 }); // the whole burst arrives while the background fetch runs
    const replies = await burst(url, '/s', 'x-cache', 30);
    expect(tally(replies)).toEqual({ STALE: 30 });
    await sleep(700);
    expect(origin.count('/s')).toBe(2);
    expect(((await cache.stats())['MAIN.s_bgfetch'] ?? 0) - before).toBe(1);
    expect(await get(url, '/s', 'x-cache')).toMatchObject({ cache: 'HIT', body: 'origin /s #2\n' });
  });

  test('restart cold empties the cache (same port); warm re-fetches the given paths', async () => {
    await get(url, '/r1', 'x-cache');
    const pidsBefore = cache.pids();
    const cold = await cache.restart('cold');
    expect(cold.mode).toBe('cold');
    expect(cache.pids()[0]).toBe(pidsBefore[0]); // same manager, new child
    expect((await get(url, '/r1', 'x-cache')).cache).toBe('MISS');
    const warm = await cache.restart('warm', { paths: ['/r1', '/r2'], ratePerS: 50 });
    expect(warm).toMatchObject({ mode: 'warm', warmed: 2, warmFailed: 0 });
    expect(origin.count('/r1')).toBe(3);
    expect((await get(url, '/r1', 'x-cache')).cache).toBe('HIT');
    expect((await get(url, '/r2', 'x-cache')).cache).toBe('HIT');
  });

  test('reloadConfig under load: coalescing off -> ~50 origin requests for 50 concurrent misses; TTL override', async () => {
    let failures = 0;
    let loading = true;
    const background = (async () => {
      while (loading) {
        const r = await get(url, '/a', 'x-cache').catch(() => undefined);
        if (r?.status !== 200) failures += 1;
      }
    })();
    await cache.reloadConfig({ coalescing: false });
    loading = false;
    await background;
    expect(failures).toBe(0);
    origin.configure({ delayMs: 500 });
    onTestFinished(() => origin.configure({ delayMs: 100 }));
    const replies = await burst(url, '/cold-off', 'x-cache', 50);
    expect(origin.count('/cold-off')).toBe(50);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    await cache.reloadConfig({ coalescing: true, ttlOverrideS: 1, grace: false });
    expect(cache.config()).toMatchObject({ coalescing: true, ttlOverrideS: 1, grace: false });
    await get(url, '/ttl', 'x-cache');
    expect((await get(url, '/ttl', 'x-cache')).cache).toBe('HIT');
    await sleep(1_200);
    expect((await get(url, '/ttl', 'x-cache')).cache).toBe('MISS');
    await expect(cache.reloadConfig({ maxSizeBytes: 1 << 20 })).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
  });

  test('reloadConfig with a VCL that does not compile -> CacheActionError quoting the compiler; old VCL keeps serving', async () => {
    const bad = join(tmp, 'bad-reload.vcl');
    writeFileSync(bad, 'vcl 4.1;\nbackend b { .host = "{{ORIGIN_HOST}}"; .port = "{{ORIGIN_PORT}}"; }\nsub vcl_recv { set req.http.x = nosuch; }\n');
    const err = await cache.reloadConfig({ vclFile: bad }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_CACHE_ACTION' });
    expect((err as Error).message).toContain("Symbol not found: 'nosuch'");
    expect((await get(url, '/after-bad', 'x-cache')).status).toBe(200);
  });

  test('stop() leaves no process behind and removes the work directory', async () => {
    const other = createCacheAdapter('varnish', { originUrl: origin.url });
    await other.start();
    const workDir = other.config()['workDir'] as string;
    expect(existsSync(join(workDir, 'varnish'))).toBe(true);
    const pids = other.pids();
    expect(pids.length).toBeGreaterThanOrEqual(2); // manager + cache child
    await other.stop();
    await other.stop();
    expect(pids.filter(isProcessAlive)).toEqual([]);
    expect(other.pids()).toEqual([]);
    expect(existsSync(workDir)).toBe(false);
  });
});

describe.skipIf(!hasVarnish)('varnish cache: user VCL and failures', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'stampede-varnish-test-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  test('a VCL that does not compile -> CacheStartError with the VCC compiler message, nothing left running', async () => {
    const file = join(tmp, 'bad.vcl');
    writeFileSync(file, 'vcl 4.1;\nbackend b { .host = "{{ORIGIN_HOST}}"; .port = "{{ORIGIN_PORT}}"; }\nsub vcl_recv { set req.http.x = nosuchthing; }\n');
    const cache = createCacheAdapter('varnish', { originUrl: 'http://127.0.0.1:9', vclFile: file });
    const err = await cache.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_CACHE_START', name: 'CacheStartError' });
    expect((err as Error).message).toContain('Message from VCC-compiler');
    expect((err as Error).message).toContain("Symbol not found: 'nosuchthing'");
    expect(cache.pids()).toEqual([]);
  });

  test('a user VCL gets the origin injected at {{ORIGIN_HOST}}/{{ORIGIN_PORT}}; purgeKeys falls back to bans', async () => {
    await using origin = await startTestOrigin();
    const file = join(tmp, 'mine.vcl');
    writeFileSync(
      file,
      [
        'vcl 4.1;',
        'backend default { .host = "{{ORIGIN_HOST}}"; .port = "{{ORIGIN_PORT}}"; }',
        'sub vcl_deliver { if (obj.hits > 0) { set resp.http.X-Cache = "HIT"; } else { set resp.http.X-Cache = "MISS"; } }',
        '',
      ].join('\n'),
    );
    await using cache = createCacheAdapter('varnish', { originUrl: origin.url, vclFile: file });
    expect(cache.capabilities).toMatchObject({ coalescingToggle: false, grace: false, purgeKeys: true });
    const { url } = await cache.start();
    expect((await get(url, '/u', 'x-cache')).cache).toBe('MISS');
    expect((await get(url, '/u', 'x-cache')).cache).toBe('HIT');
    await cache.purgeKeys(['/u']);
    expect((await get(url, '/u', 'x-cache')).cache).toBe('MISS');
    await expect(cache.reloadConfig({ coalescing: false })).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
  });

  test('a user VCL without the placeholders is refused (it would measure another origin)', async () => {
    const file = join(tmp, 'fixed.vcl');
    writeFileSync(file, 'vcl 4.1;\nbackend default { .host = "10.0.0.1"; .port = "80"; }\n');
    const cache = createCacheAdapter('varnish', { originUrl: 'http://127.0.0.1:9', vclFile: file });
    await expect(cache.start()).rejects.toMatchObject({ code: 'STAMPEDE_SPEC', message: expect.stringContaining('{{ORIGIN_HOST}}') });
  });

  test('missing varnishd -> MissingBinaryError naming the install command', async () => {
    const cache = createCacheAdapter('varnish', { originUrl: 'http://127.0.0.1:9', binaries: { varnishd: '/nonexistent/varnishd' } });
    const err = await cache.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_MISSING_BINARY', name: 'MissingBinaryError' });
    expect((err as Error).message).toContain('apt-get install -y varnish');
  });
});
