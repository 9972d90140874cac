/**
 * `--nginx-conf` with configurations as teams have them, on the real nginx: the Debian stock nginx.conf (verbatim
 * fixture, and the installed /etc/nginx when present), a production-style caching setup (an upstream of two
 * servers, proxy_cache, TLS, conf.d snippets; fixtures/README.md says where it comes from), the repository's
 * whole-nginx.conf example and a fragment without placeholders. Each starts privately in front of a test origin;
 * the stock conf with a caching site, and the production-style one, run the global-purge scenario end to end.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, onTestFinished, test } from 'vitest';
import { runScenario } from '../../orchestrator/index.js';
import { resolveScenario } from '../../scenario-spec/resolve.js';
import type { CacheAdapter } from '../adapter.js';
import { isProcessAlive } from '../process/managed-process.js';
import { createCacheAdapter } from '../registry.js';
import { get, sleep } from '../testing/client.js';
import { binaryAvailable } from '../testing/skip-note.js';
import { startTestOrigin } from '../testing/test-origin.js';

const hasNginx = binaryAvailable(['nginx'], 'apt-get install -y nginx');
const H = 'x-cache-status';
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/nginx.conf', import.meta.url));
const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'stampede-nginx-user-conf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A production-style caching site, the way teams deploy on Debian: its own file in sites-enabled/ next to the
 * stock nginx.conf (which is not touched). Written for this test: an upstream of two servers, an HTTP->HTTPS
 * redirect server, TLS with HSTS at the server level, add_header in the locations, proxy_params included.
 */
const APP_SITE = `# /etc/nginx/sites-available/app, linked into sites-enabled/
proxy_cache_path /var/cache/nginx/app levels=1:2 keys_zone=app_cache:32m max_size=1g inactive=60m use_temp_path=off;

upstream app_backend {
    least_conn;
    server 10.0.1.10:8080 max_fails=3 fail_timeout=30s;
    server 10.0.1.11:8080 max_fails=3 fail_timeout=30s;
    keepalive 32;
}

server {
    listen 80;
    listen [::]:80;
    server_name app.example.com;
    return 301 https://$host$request_uri;
}

server {
    listen 443 ssl http2;
    listen [::]:443 ssl http2;
    server_name app.example.com;
    ssl_certificate /etc/letsencrypt/live/app.example.com/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/app.example.com/privkey.pem;
    access_log /var/log/nginx/app.access.log;
    error_log /var/log/nginx/app.error.log;
    add_header Strict-Transport-Security "max-age=31536000" always;

    location / {
        include proxy_params;
        proxy_pass http://app_backend;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_cache app_cache;
        proxy_cache_key $scheme$host$request_uri;
        proxy_cache_valid 200 301 10m;
        proxy_cache_use_stale error timeout updating http_500 http_502 http_504;
        add_header X-Frame-Options SAMEORIGIN;
    }

    location /static/ {
        proxy_pass http://app_backend;
        proxy_cache app_cache;
        expires 7d;
        add_header Cache-Control "public";
        if ($arg_v) {
            add_header X-Asset-Version $arg_v;
        }
    }
}
`;

/** the Debian stock files laid out as /etc/nginx is (sites-enabled/default included), plus optional sites */
function debianTree(sites: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmp, 'etc-nginx-'));
  cpSync(join(FIXTURES, 'debian-stock'), dir, { recursive: true });
  for (const d of ['sites-enabled', 'conf.d', 'modules-enabled']) mkdirSync(join(dir, d));
  cpSync(join(dir, 'sites-available', 'default'), join(dir, 'sites-enabled', 'default'));
  for (const [name, text] of Object.entries(sites)) writeFileSync(join(dir, 'sites-enabled', name), text);
  return dir;
}

/** every file under dir with its content and mtime: the user's files must come out of a run as they went in */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out[name] = `${statSync(path).mtimeMs} ${readFileSync(path, 'utf8')}`;
  }
  return out;
}

/** nginx commits a cache file a moment after the response: wait for it before purging */
async function filesCommitted(cache: CacheAdapter, atLeast: number): Promise<void> {
  for (let i = 0; i < 100 && ((await cache.stats())['cacheFiles'] ?? 0) < atLeast; i++) await sleep(10);
}

describe.skipIf(!hasNginx)('nginx with your own nginx.conf as it is', () => {
  test('Debian stock nginx.conf + a caching site: starts, MISS/HIT at every add_header level, purge/ban in its cache path, report says what changed', async () => {
    await using origin = await startTestOrigin();
    const dir = debianTree({ app: APP_SITE });
    const before = snapshot(dir);
    await using cache = createCacheAdapter('nginx', { originUrl: origin.url, nginxConfFile: join(dir, 'nginx.conf') });
    onTestFinished(() => expect(snapshot(dir)).toEqual(before)); // after the cache has stopped (disposed first)
    const { url } = await cache.start();
    // every location (one inheriting the header from http, ones with add_header of their own) says MISS then HIT,
    // and the user's own headers are still there
    for (const path of ['/items/1', '/static/a.css', '/static/b.css?v=7']) {
      const first = await get(url, path, H);
      const second = await get(url, path, H);
      expect([first.status, first.cache, second.cache]).toEqual([200, 'MISS', 'HIT']);
      expect(second.body).toBe(`origin ${path} #1\n`);
    }
    const root = await get(url, '/items/1', H);
    expect(root.headers['strict-transport-security']).toBeUndefined(); // the location has add_header of its own
    expect(root.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect((await get(url, '/static/a.css', H)).headers['cache-control']).toContain('public');
    // served by the `if` block: its own add_header only (the location's `Cache-Control: public` is not inherited,
    // `expires` still writes max-age), and stampede's header, injected there too
    const inIf = await get(url, '/static/b.css?v=7', H);
    expect([inIf.cache, inIf.headers['x-asset-version'], inIf.headers['cache-control']]).toEqual(['HIT', '7', 'max-age=604800']);
    expect((await get(url, '/items/1', H, 'POST')).cache).toBe('PASS');

    await filesCommitted(cache, 3);
    await cache.ban('^/static/');
    expect((await get(url, '/static/a.css', H)).cache).toBe('MISS');
    expect((await get(url, '/items/1', H)).cache).toBe('HIT');
    await filesCommitted(cache, 1);
    await cache.purgeAll();
    expect((await get(url, '/items/1', H)).cache).toBe('MISS');
    expect(origin.count('/items/1')).toBe(3); // the first MISS, the POST (PASS), the MISS after the purge

    const config = cache.config();
    expect(config).toMatchObject({
      confForm: 'whole',
      retargeted: {
        upstreams: [{ name: 'app_backend', servers: ['10.0.1.10:8080 max_fails=3 fail_timeout=30s', '10.0.1.11:8080 max_fails=3 fail_timeout=30s'] }],
        proxyPass: [
          { from: 'http://app_backend', to: 'http://app_backend' },
          { from: 'http://app_backend', to: 'http://app_backend' },
        ],
        listens: 2,
        cachePaths: [{ zone: 'app_cache', from: '/var/cache/nginx/app' }],
      },
    });
    expect((config['retargeted'] as { servers: { dropped: string[] } }).servers.dropped).toHaveLength(2); // redirect + Debian default
    expect((config['includes'] as string[]).map((f) => f.slice(dir.length))).toEqual(['/mime.types', '/sites-enabled/app', '/proxy_params', '/sites-enabled/default']);
  });

  test('Debian stock nginx.conf alone (its default site only serves files): refused before anything starts', async () => {
    const dir = debianTree();
    const cache = createCacheAdapter('nginx', { originUrl: 'http://127.0.0.1:9', nginxConfFile: join(dir, 'nginx.conf') });
    const err = await cache.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_SPEC' });
    expect((err as Error).message).toMatch(/no server proxies to a backend .* add the site that proxies and caches/);
    expect(cache.pids()).toEqual([]);
    expect(existsSync(cache.config()['workDir'] as string)).toBe(false);
  });

  test("a directive this nginx rejects: nginx's own message, naming the line of the user's file it came from", async () => {
    const dir = debianTree({ app: 'server {\n  listen 80;\n  location / {\n    proxy_pass http://10.0.0.1;\n    health_check interval=5;\n  }\n}\n' });
    const cache = createCacheAdapter('nginx', { originUrl: 'http://127.0.0.1:9', nginxConfFile: join(dir, 'nginx.conf') });
    const err = await cache.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_CACHE_START' });
    expect((err as Error).message).toMatch(/unknown directive "health_check" in \S+\/conf\/nginx\.conf:\d+ \(\S+\/sites-enabled\/app:5\)/);
    expect(cache.pids()).toEqual([]);
  });

  test.skipIf(!existsSync(CLI))('through the CLI (built dist/): exit 2 and that one message, no report written', () => {
    const dir = debianTree();
    const out = join(tmp, 'cli-reports');
    const r = spawnSync(process.execPath, [CLI, 'run', 'global-purge', '--nginx-conf', join(dir, 'nginx.conf'), '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'nginx.conf')}: no server proxies to a backend`);
    expect(r.stderr.match(/no server proxies/g)).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  test.skipIf(!existsSync('/etc/nginx/nginx.conf'))('the installed /etc/nginx/nginx.conf, as the package left it: refused the same way', async () => {
    const cache = createCacheAdapter('nginx', { originUrl: 'http://127.0.0.1:9', nginxConfFile: '/etc/nginx/nginx.conf' });
    const err = await cache.start().catch((e: unknown) => e);
    // a machine whose sites-enabled proxies somewhere would start instead: then it must serve, and stop cleanly
    if (err === undefined) {
      expect(cache.config()).toMatchObject({ confForm: 'whole' });
      await cache.stop();
      return;
    }
    expect(err).toMatchObject({ code: 'STAMPEDE_SPEC' });
    expect((err as Error).message).toMatch(/\/etc\/nginx\/nginx\.conf: no server proxies to a backend/);
  });

  test('a production-style setup (fixtures/production-style): upstream of two servers, TLS site, conf.d snippets, MISS/HIT', async () => {
    await using origin = await startTestOrigin();
    await using cache = createCacheAdapter('nginx', { originUrl: origin.url, nginxConfFile: join(FIXTURES, 'production-style', 'nginx.conf') });
    const { url } = await cache.start();
    const first = await get(url, '/k/1', H);
    const second = await get(url, '/k/1', H);
    expect([first.cache, second.cache]).toEqual(['MISS', 'HIT']);
    // the location's own add_header lines still apply next to stampede's injected one
    expect(second.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(cache.config()).toMatchObject({
      confForm: 'whole',
      retargeted: {
        upstreams: [{ name: 'app_backend' }],
        cachePaths: [{ zone: 'app_cache', from: '/var/cache/nginx/app' }],
      },
    });
    await filesCommitted(cache, 1);
    await cache.purgeAll();
    expect((await get(url, '/k/1', H)).cache).toBe('MISS');
  });

  test('examples/nginx.conf starts and caches; reloading it (nginx -t, SIGHUP) keeps the cache and the master', async () => {
    await using origin = await startTestOrigin();
    await using cache = createCacheAdapter('nginx', { originUrl: origin.url, nginxConfFile: EXAMPLE });
    const { url } = await cache.start();
    expect((await get(url, '/e/1', H)).cache).toBe('MISS');
    expect((await get(url, '/e/1', H)).cache).toBe('HIT');
    const before = cache.pids();
    await cache.reloadConfig({ nginxConfFile: EXAMPLE });
    expect((await get(url, '/e/1', H)).cache).toBe('HIT');
    expect(cache.pids()[0]).toBe(before[0]); // same master, new workers
  });

  test('examples/nginx-site.conf (the placeholder form, unchanged) still starts and caches', async () => {
    await using origin = await startTestOrigin();
    const file = fileURLToPath(new URL('../../../examples/nginx-site.conf', import.meta.url));
    await using cache = createCacheAdapter('nginx', { originUrl: origin.url, nginxConfFile: file });
    const { url } = await cache.start();
    expect((await get(url, '/p/1', H)).cache).toBe('MISS');
    expect((await get(url, '/p/1', H)).cache).toBe('HIT');
    expect(cache.config()).toMatchObject({ confForm: 'placeholders' });
    expect(cache.config()['retargeted']).toBeUndefined();
  });

  test('a fragment without placeholders (proxy_cache_path + server, http context) works through the same rewrite', async () => {
    await using origin = await startTestOrigin();
    const file = join(tmp, 'fragment.conf');
    writeFileSync(
      file,
      'proxy_cache_path /var/cache/nginx/frag keys_zone=frag:1m;\nserver {\n  listen 8080;\n  location / {\n    proxy_pass http://backend.internal:3000;\n    proxy_cache frag;\n  }\n}\n',
    );
    await using cache = createCacheAdapter('nginx', { originUrl: origin.url, nginxConfFile: file });
    const { url } = await cache.start();
    expect((await get(url, '/f/1', H)).cache).toBe('MISS');
    expect((await get(url, '/f/1', H)).cache).toBe('HIT');
    expect(cache.config()).toMatchObject({ confForm: 'fragment', retargeted: { proxyPass: [{ from: 'http://backend.internal:3000' }] } });
    const pids = cache.pids();
    await cache.stop();
    expect(pids.filter(isProcessAlive)).toEqual([]);
  });
});

describe.skipIf(!hasNginx)('global-purge end to end on configurations nobody here wrote', () => {
  // Short: 300 requests/s, 20 s of load (baseline 10 s, purge at 12 s, 8 s after it).
  const overrides = { ratePerS: 300, durationS: '20s' };

  async function run(nginxConfFile: string) {
    const spec = await resolveScenario('global-purge', { ...overrides, nginxConfFile });
    return runScenario(spec, { toolVersion: 'test' });
  }

  test.each([
    ['Debian stock nginx.conf + a caching site in sites-enabled', () => join(debianTree({ app: APP_SITE }), 'nginx.conf')],
    ['a production-style nginx.conf (upstream of two servers, proxy_cache, TLS)', () => join(FIXTURES, 'production-style', 'nginx.conf')],
  ])('%s: origin arrivals == the misses the cache reports; the hit ratio drops at the purge and comes back', async (_name, file) => {
    const report = await run(file());
    expect(report.interrupted).toBeUndefined();
    expect(report.cache.kind).toBe('nginx');
    expect(report.cache.config).toMatchObject({ confForm: 'whole', retargeted: { listens: expect.any(Number) } });
    const s = report.summary;
    // Every miss (MISS, EXPIRED, REVALIDATED) and pass the cache reported is one fetch from the origin and nothing
    // else reached it: neither configuration coalesces a purge-time miss with another (no lock / lock only on new
    // entries with one request each) or retries on the same origin.
    const fetches = report.series.reduce((n, p) => n + p.cache.miss + p.cache.pass, 0);
    const unknown = report.series.reduce((n, p) => n + (p.cache.unknown ?? 0), 0);
    expect(unknown).toBe(0);
    expect(s.origin.arrivals).toBeGreaterThan(0);
    // == when every request got an answer (what the runs here show); a request that timed out or lost its
    // connection carries no header, though nginx may still have fetched it
    expect(s.origin.arrivals - fetches).toBeGreaterThanOrEqual(0);
    expect(s.origin.arrivals - fetches).toBeLessThanOrEqual(s.status.timeout + s.status.connError);
    expect(s.hitRatio.baseline).toBeGreaterThan(0.8);
    expect(s.hitRatio.min).toBeLessThan(s.hitRatio.baseline! - 0.2);
    expect(report.events.map((e) => e.action)).toContain('purge-all');
  }, 120_000);
});
