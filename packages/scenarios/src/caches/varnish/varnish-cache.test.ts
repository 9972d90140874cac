import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBackend } from '@stampede/fake-backend';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import type { CacheAdapter } from '../adapter.js';
import { isProcessAlive } from '../process/managed-process.js';
import { createCacheAdapter } from '../registry.js';
import { burst, get, sleep, tally } from '../testing/client.js';
import { binaryAvailable } from '../testing/skip-note.js';
import { startTestOrigin, type TestOrigin } from '../testing/test-origin.js';

const hasVarnish = binaryAvailable(['varnishd', 'varnishadm', 'varnishstat'], 'apt-get install -y varnish');

/** varnishstat once it has counted `requests` client requests more than `before` (counters can land a moment late) */
async function statsAfter(cache: CacheAdapter, before: Record<string, number>, requests: number): Promise<Record<string, number>> {
  for (let i = 0; ; i++) {
    const stats = await cache.stats();
    if ((stats['MAIN.client_req'] ?? 0) - (before['MAIN.client_req'] ?? 0) >= requests || i === 50) return stats;
    await sleep(100);
  }
}

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
    // the compiled copy keeps the user's lines, and the message names the user's file, not the copy
    expect((err as Error).message).toContain(`('${file}' Line 3 Pos`);
    expect((err as Error).message).not.toMatch(/\/vcl-\d+\//); // the copies live in WORK/vcl-N/
    expect(cache.pids()).toEqual([]);
  });

  test('a user VCL with {{ORIGIN_HOST}}/{{ORIGIN_PORT}} still works; purgeKeys falls back to bans', async () => {
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

  test('a production VCL as it is: two backends elsewhere behind a director, probes, includes -> all at the origin', async () => {
    await using origin = await startBackend({ serviceTime: { kind: 'constant', ms: 5 }, ttlS: 60 });
    mkdirSync(join(tmp, 'prod/conf'), { recursive: true });
    const main = join(tmp, 'prod/site.vcl');
    // The user's own subs return early and set their own X-Cache differently; stampede's subs run first anyway.
    writeFileSync(
      main,
      [
        'vcl 4.1;',
        'import directors;',
        'include "conf/backends.vcl";',
        'sub vcl_init { new lb = directors.round_robin(); lb.add_backend(web1); lb.add_backend(web2); }',
        'sub vcl_recv { set req.backend_hint = lb.backend(); if (req.method != "GET") { return (pass); } return (hash); }',
        'sub vcl_hit { return (deliver); }',
        'sub vcl_deliver { set resp.http.X-Cache = "cached:" + obj.hits; return (deliver); }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(tmp, 'prod/conf/backends.vcl'),
      [
        'probe health {',
        '    .request = "HEAD /healthz HTTP/1.1"',
        '        "Host: app.internal"',
        '        "Connection: close";',
        // 3 good polls needed (~0.6 s): start() must wait for them, or the first requests would get 503
        '    .interval = 0.3s; .window = 5; .threshold = 3; .initial = 0; .expected_response = 204;',
        '}',
        'backend web1 { .host = "10.0.0.5"; .port = "8080"; .probe = health; }',
        'backend web2 { .host = "app2.internal:8081"; .probe = health; } # a name that does not resolve here',
        '',
      ].join('\n'),
    );
    await using cache = createCacheAdapter('varnish', { originUrl: origin.url, vclFile: main });
    expect(cache.cacheHeader).toBe('x-stampede-cache');
    const { url } = await cache.start();
    expect(cache.config()['retargeted']).toEqual([
      { name: 'web1', was: '10.0.0.5:8080', probe: true, file: join(tmp, 'prod/conf/backends.vcl') },
      { name: 'web2', was: 'app2.internal:8081', probe: true, file: join(tmp, 'prod/conf/backends.vcl') },
    ]);
    const before = await cache.stats();
    const replies = [];
    for (const path of ['/items/a', '/items/a', '/items/b', '/items/b', '/items/a']) replies.push(await get(url, path, 'x-stampede-cache'));
    replies.push(await get(url, '/items/a', 'x-stampede-cache', 'POST'));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 405]);
    expect(replies.map((r) => r.cache)).toEqual(['MISS', 'HIT', 'MISS', 'HIT', 'HIT', 'PASS']);
    expect(replies[1]?.headers['x-cache']).toBe('cached:1'); // the user's own header is untouched
    const after = await statsAfter(cache, before, replies.length);
    const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    expect([d('MAIN.cache_hit'), d('MAIN.cache_miss')]).toEqual([3, 2]);
    const totals = origin.stats().totals;
    expect(totals.arrivals).toBe(d('MAIN.backend_req')); // 2 misses + 1 pass; probes are not arrivals
    expect(totals.arrivals).toBe(3);
    expect(totals.probes).toBeGreaterThanOrEqual(6); // both backends probed the health path until healthy
  });

  test('a reloaded user VCL is retargeted too and used once its probed backends are healthy', async () => {
    await using origin = await startBackend({ serviceTime: { kind: 'constant', ms: 1 } });
    const first = join(tmp, 'reload-a.vcl');
    writeFileSync(first, 'vcl 4.1;\nbackend a { .host = "192.0.2.1"; }\n');
    const second = join(tmp, 'reload-b.vcl');
    writeFileSync(second, 'vcl 4.1;\nbackend b { .path = "/run/app.sock"; .probe = { .url = "/ready"; .interval = 5s; } }\n');
    await using cache = createCacheAdapter('varnish', { originUrl: origin.url, vclFile: first });
    const { url } = await cache.start();
    expect((await get(url, '/items/r', 'x-stampede-cache')).cache).toBe('MISS');
    await cache.reloadConfig({ vclFile: second });
    expect(cache.config()['retargeted']).toEqual([{ name: 'b', was: '/run/app.sock', probe: true }]);
    expect(await get(url, '/items/r2', 'x-stampede-cache')).toMatchObject({ status: 200, cache: 'MISS' });
    expect(origin.stats().totals.probes).toBeGreaterThanOrEqual(1);
  });

  test('examples/site.vcl (the README\'s): its two probed backends are retargeted, outcomes counted', async () => {
    await using origin = await startBackend({ serviceTime: { kind: 'constant', ms: 1 } });
    const file = fileURLToPath(new URL('../../../examples/site.vcl', import.meta.url));
    await using cache = createCacheAdapter('varnish', { originUrl: origin.url, vclFile: file });
    const { url } = await cache.start();
    expect(cache.config()['retargeted']).toEqual([
      { name: 'app1', was: '10.0.1.11:8080', probe: true },
      { name: 'app2', was: '10.0.1.12:8080', probe: true },
    ]);
    expect((await get(url, '/items/s', 'x-stampede-cache')).cache).toBe('MISS');
    expect((await get(url, '/items/s', 'x-stampede-cache')).cache).toBe('HIT');
    expect(origin.stats().totals.arrivals).toBe(1);
  });

  test('Debian\'s default.vcl (sets no header): MISS, HIT, then STALE within grace, as varnishstat counts them', async () => {
    await using origin = await startBackend({ serviceTime: { kind: 'constant', ms: 1 }, ttlS: 1, staleWhileRevalidateS: 30 });
    const file = fileURLToPath(new URL('./fixtures/debian-default.vcl', import.meta.url));
    await using cache = createCacheAdapter('varnish', { originUrl: origin.url, vclFile: file });
    const { url } = await cache.start();
    expect(cache.config()['retargeted']).toEqual([{ name: 'default', was: '127.0.0.1:8080', probe: false }]);
    const before = await cache.stats();
    const outcomes = [(await get(url, '/items/g', 'x-stampede-cache')).cache, (await get(url, '/items/g', 'x-stampede-cache')).cache];
    await sleep(1_300);
    outcomes.push((await get(url, '/items/g', 'x-stampede-cache')).cache);
    expect(outcomes).toEqual(['MISS', 'HIT', 'STALE']);
    await sleep(200); // the background fetch
    const after = await statsAfter(cache, before, outcomes.length);
    const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    expect([d('MAIN.cache_hit'), d('MAIN.cache_hit_grace'), d('MAIN.cache_miss')]).toEqual([2, 1, 1]);
    expect(origin.stats().totals.arrivals).toBe(d('MAIN.backend_req'));
  });

  test('a VCL with no backend to point at the origin -> one error naming the cause and the fix', async () => {
    const file = join(tmp, 'none.vcl');
    writeFileSync(file, 'vcl 4.1;\nbackend default none;\n');
    const cache = createCacheAdapter('varnish', { originUrl: 'http://127.0.0.1:9', vclFile: file });
    await expect(cache.start()).rejects.toMatchObject({ code: 'STAMPEDE_SPEC', message: expect.stringContaining('backend default none;') });
    expect(cache.pids()).toEqual([]);
  });

  test('missing varnishd -> MissingBinaryError naming the install command', async () => {
    const cache = createCacheAdapter('varnish', { originUrl: 'http://127.0.0.1:9', binaries: { varnishd: '/nonexistent/varnishd' } });
    const err = await cache.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_MISSING_BINARY', name: 'MissingBinaryError' });
    expect((err as Error).message).toContain('apt-get install -y varnish');
  });
});
