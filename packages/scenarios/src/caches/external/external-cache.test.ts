import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { requireCapability } from '../capabilities.js';
import { createCacheAdapter } from '../registry.js';
import { get } from '../testing/client.js';
import { startTestOrigin } from '../testing/test-origin.js';
import { fillPlaceholders } from './external-action.js';

/** An admin endpoint standing in for a cache's purge API: records each call, answers `status`. */
async function startAdmin(status = 200): Promise<{ url: string; calls: { method: string; url: string; headers: IncomingMessage['headers'] }[] }> {
  const calls: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req, res) => {
    calls.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(status).end(status === 200 ? 'ok' : 'purge refused');
  });
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

describe('external cache (the user\'s own, driven by HTTP requests or commands)', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'stampede-external-test-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  test('serves through the given URL; capabilities follow the configured actions; no stats', async () => {
    await using origin = await startTestOrigin();
    await using embedded = createCacheAdapter('embedded', { originUrl: origin.url });
    const { url: cacheUrl } = await embedded.start();
    await using cache = createCacheAdapter('external', { url: cacheUrl, actions: { purgeAll: { command: 'true' } } });
    expect(cache.capabilities).toEqual({
      purgeAll: true,
      ban: false,
      purgeKeys: false,
      restartCold: false,
      restartWarm: false,
      reloadConfig: false,
      nativeStats: false,
      coalescingToggle: false,
      grace: false,
    });
    const { url } = await cache.start();
    expect(url).toBe(cacheUrl);
    expect((await get(url, '/e', cache.cacheHeader)).cache).toBe('MISS');
    expect((await get(url, '/e', cache.cacheHeader)).cache).toBe('HIT');
    expect(await cache.stats()).toEqual({});
    expect(await cache.version()).toBe('external');
    expect(() => requireCapability(cache, 'ban', 'ban-storm')).toThrowError(
      expect.objectContaining({
        code: 'STAMPEDE_SPEC',
        message: expect.stringContaining('scenario ban-storm needs ban (drop objects by URL regex), which the external cache has no command for: pass --ban-cmd/--ban-url'),
      }),
    );
    expect(() => requireCapability(cache, 'purgeAll', 'global-purge')).not.toThrow();
    await expect(cache.ban('^/')).rejects.toMatchObject({ code: 'STAMPEDE_SPEC' });
  });

  test('HTTP actions: placeholders filled (pattern URL-encoded in the URL, path as is, verbatim in headers), method as given', async () => {
    const admin = await startAdmin();
    await using cache = createCacheAdapter('external', {
      url: admin.url,
      actions: {
        purgeAll: { url: `${admin.url}/purge-all` },
        // (node:http, our stand-in, refuses Varnish's BAN method: any method the cache understands works)
        ban: { url: `${admin.url}/ban?re={{pattern}}`, method: 'PURGE', headers: { 'x-ban-url': '{{pattern}}' } },
        purgeKey: { url: `${admin.url}/purge{{path}}`, method: 'DELETE' },
        restart: { url: `${admin.url}/restart` },
        reloadConfig: { url: `${admin.url}/reload?c={{change}}`, method: 'PUT' },
      },
    });
    await cache.start();
    await cache.purgeAll();
    await cache.ban('^/a b&c');
    await cache.purgeKeys(['/x', '/y?z=1']);
    const restarted = await cache.restart('cold');
    await cache.reloadConfig({ coalescing: false });
    expect(restarted.mode).toBe('cold');
    expect(admin.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /purge-all',
      'PURGE /ban?re=%5E%2Fa%20b%26c',
      'DELETE /purge/x',
      'DELETE /purge/y?z=1',
      'POST /restart',
      `PUT /reload?c=${encodeURIComponent('{"coalescing":false}')}`,
    ]);
    expect(admin.calls[1]?.headers['x-ban-url']).toBe('^/a b&c');
  });

  test('a non-2xx answer is a CacheActionError quoting the body', async () => {
    const admin = await startAdmin(500);
    await using cache = createCacheAdapter('external', { url: admin.url, actions: { purgeAll: { url: `${admin.url}/p` } } });
    await cache.start();
    const err = await cache.purgeAll().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_CACHE_ACTION' });
    expect((err as Error).message).toContain('answered 500');
    expect((err as Error).message).toContain('purge refused');
  });

  test('command actions get their arguments in the environment, never in the command text', async () => {
    const admin = await startAdmin();
    const out = join(tmp, 'env.txt');
    await using cache = createCacheAdapter('external', {
      url: admin.url,
      actions: {
        ban: { command: `printf '%s|%s\\n' "$STAMPEDE_PATTERN" "$STAMPEDE_CACHE_URL" >> ${out}` },
        purgeKey: { command: `printf '%s\\n' "$STAMPEDE_PATH" >> ${out}` },
        restart: { command: 'echo restarting; exit 3' },
      },
    });
    await cache.start();
    await cache.ban('^/$(touch /tmp/pwned); `id`');
    await cache.purgeKeys(['/p1']);
    expect(readFileSync(out, 'utf8')).toBe(`^/$(touch /tmp/pwned); \`id\`|${admin.url}\n/p1\n`);
    const err = await cache.restart('cold').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_CACHE_ACTION' });
    expect((err as Error).message).toContain('exited with 3');
    expect((err as Error).message).toContain('restarting');
  });

  test('an unreachable cache URL -> CacheStartError; a remote one is refused without allowRemote', async () => {
    const admin = await startAdmin();
    const port = new URL(admin.url).port;
    const cache = createCacheAdapter('external', { url: 'http://127.0.0.1:9', startTimeoutMs: 200 });
    await expect(cache.start()).rejects.toMatchObject({ code: 'STAMPEDE_CACHE_START', message: expect.stringContaining('start your cache first') });
    expect(() => createCacheAdapter('external', { url: 'http://example.com' })).toThrowError(
      expect.objectContaining({ code: 'STAMPEDE_SPEC', message: expect.stringContaining('url must be a loopback address') }),
    );
    expect(() =>
      createCacheAdapter('external', { url: `http://127.0.0.1:${port}`, actions: { purgeAll: { url: 'http://10.1.2.3/purge' } } }),
    ).toThrowError(expect.objectContaining({ message: expect.stringContaining('actions.purgeAll.url must be a loopback address') }));
    expect(() => createCacheAdapter('external', { url: 'http://example.com', allowRemote: true })).not.toThrow();
  });

  test('fillPlaceholders leaves unknown placeholders and absent arguments alone', () => {
    expect(fillPlaceholders('/a{{path}}/{{other}}/{{pattern}}', { path: '/x?y=1' }, encodeURIComponent)).toBe('/a/x?y=1/{{other}}/{{pattern}}');
    expect(fillPlaceholders('?re={{pattern}}', { pattern: '^/a b' }, encodeURIComponent)).toBe('?re=%5E%2Fa%20b');
  });
});
