/**
 * A user's nginx configuration as it is -> the private one (no nginx needed: nginx-user-conf.test.ts runs them).
 * Fixtures in ./fixtures are verbatim copies of configurations nobody here wrote (see fixtures/README.md).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { parseNginxConf, type ConfDirective, type ConfNode } from './conf-syntax.js';
import { glob, loadNginxConf } from './resolve-includes.js';
import { retargetConf, type RetargetParams } from './retarget-conf.js';
import { renderUserConf, type UserConfParams } from './user-conf.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'stampede-user-conf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const params: Omit<UserConfParams, 'file'> = {
  listen: '127.0.0.1:8081',
  originHost: '127.0.0.1',
  originPort: 9000,
  origin: '127.0.0.1:9000',
  prefix: '/w',
  cacheDir: '/w/cache',
  statusPort: 8082,
  workerProcesses: 1,
  runAsRoot: true,
  cacheHeader: 'x-cache-status',
  build: { prefix: '/usr/share/nginx', confDir: '/etc/nginx' },
};

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmp, 'tree-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** every directive named `name`, anywhere, in order */
function all(nodes: readonly ConfNode[], name: string): ConfDirective[] {
  const out: ConfDirective[] = [];
  for (const n of nodes) {
    if (n.type !== 'directive') continue;
    if (n.name === name) out.push(n);
    if (n.block !== undefined) out.push(...all(n.block, name));
  }
  return out;
}

const args = (d: ConfDirective) => d.args.map((a) => a.value).join(' ');

describe('whole nginx.conf, retargeted', () => {
  const dir = tree({
    'nginx.conf': `
user www-data;
worker_processes 4;
pid /run/nginx.pid;
daemon on;
error_log /var/log/nginx/error.log warn;
load_module modules/ngx_http_geoip_module.so;
include /etc/nginx/modules-enabled/*.conf;
events { worker_connections 1024; }
stream { server { listen 5353 udp; proxy_pass 10.0.0.9:53; } }
http {
    access_log /var/log/nginx/access.log;
    proxy_temp_path /var/lib/nginx/proxy;
    ssl_protocols TLSv1.2;
    add_header X-Frame-Options SAMEORIGIN;
    add_header X-Cache-Status $upstream_cache_status;
    include conf.d/*.conf;
    include /etc/nginx/sites-enabled/*;
}
`,
    'conf.d/cache.conf': 'proxy_cache_path /var/cache/nginx/app levels=1:2 keys_zone=app:10m max_size=1g inactive=60m;\nproxy_cache_path /var/cache/nginx/img keys_zone=img:1m;\n',
    'conf.d/upstreams.conf': `
upstream app_servers {
    least_conn;
    server 10.0.0.1:8080 weight=3 max_fails=3 fail_timeout=30s;
    server app2.internal:8080 resolve;
    server 10.0.0.3:8080 backup;
    server unix:/run/app.sock down;
    keepalive 32;
}`,
    'sites-enabled/redirect': 'server { listen 80 default_server; listen [::]:80; server_name example.com; return 301 https://$host$request_uri; }',
    'sites-enabled/app': `
server {
    listen 443 ssl http2 default_server;
    listen [::]:443 ssl http2 reuseport;
    server_name example.com;
    ssl_certificate /etc/letsencrypt/live/example.com/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;
    access_log /var/log/nginx/app.log main;
    location / {
        proxy_pass https://app_servers;
        proxy_ssl_server_name on;
        proxy_cache app;
    }
    location /static/ {
        add_header Cache-Control public;
        proxy_pass http://10.0.0.5:9000/assets/;
        proxy_cache img;
        if ($arg_debug) { add_header X-Debug 1; }
        location /static/nested/ { add_header X-Nested 1; proxy_pass http://$cdn_host$request_uri; }
    }
    location /sock { proxy_pass http://unix:/run/other.sock:/api/; }
}`,
    'sites-enabled/.hidden': 'this is not nginx syntax {',
  });

  test('backends, listens, cache paths, logs and process paths; what changed is listed', async () => {
    const out = await renderUserConf({ ...params, file: join(dir, 'nginx.conf') });
    expect(out.kind).toBe('whole');
    if (out.kind !== 'whole') return;
    const nodes = parseNginxConf(out.main, 'printed');
    const top = nodes.filter((n): n is ConfDirective => n.type === 'directive').map((n) => n.name);
    expect(top).toEqual(['user', 'pid', 'lock_file', 'error_log', 'worker_processes', 'load_module', 'events', 'http']);
    expect(args(all(nodes, 'user')[0]!)).toBe('root');
    expect(args(all(nodes, 'worker_processes')[0]!)).toBe('4');
    expect(out.workerProcesses).toBe('4');
    expect(args(all(nodes, 'load_module')[0]!)).toBe('/usr/share/nginx/modules/ngx_http_geoip_module.so');
    expect(all(nodes, 'daemon')).toEqual([]);
    expect(all(nodes, 'stream')).toEqual([]);
    expect(all(nodes, 'error_log').map(args)).toEqual(['/w/logs/error.log notice']);
    expect(all(nodes, 'access_log').map(args)).toEqual(['off']);
    expect(all(nodes, 'proxy_temp_path').map(args)).toEqual(['/w/tmp/proxy']);
    expect(all(nodes, 'pid').map(args)).toEqual(['/w/logs/nginx.pid']);
    expect(all(nodes, 'ssl_certificate')).toEqual([]);
    expect(all(nodes, 'ssl_protocols')).toEqual([]);
    expect(all(nodes, 'proxy_ssl_server_name')).toEqual([]);

    expect(all(nodes, 'server').filter((s) => s.block !== undefined).length).toBe(2); // stub_status + the app; the redirect left out
    expect(all(nodes, 'listen').map(args)).toEqual(['127.0.0.1:8082', '127.0.0.1:8081 default_server']);
    expect(all(nodes, 'upstream')[0]!.block!.filter((n) => n.type === 'directive').map((n) => args(n as ConfDirective))).toEqual([
      '',
      '127.0.0.1:9000 weight=3 max_fails=3 fail_timeout=30s',
      '127.0.0.1:9000',
      '127.0.0.1:9000 backup',
      '127.0.0.1:9000 down',
      '32',
    ]);
    expect(all(nodes, 'proxy_pass').map(args)).toEqual([
      'http://app_servers',
      'http://127.0.0.1:9000/assets/',
      'http://127.0.0.1:9000$request_uri',
      'http://127.0.0.1:9000/api/',
    ]);
    expect(all(nodes, 'proxy_cache_path').map(args)).toEqual([
      '/w/cache/app levels=1:2 keys_zone=app:10m max_size=1g inactive=60m',
      '/w/cache/img keys_zone=img:1m',
    ]);
    expect(out.cacheDirs).toEqual(['/w/cache/app', '/w/cache/img']);
    expect(out.files.map((f) => f.slice(dir.length))).toEqual(['/nginx.conf', '/conf.d/cache.conf', '/conf.d/upstreams.conf', '/sites-enabled/app', '/sites-enabled/redirect']);
    expect(out.retargeted).toMatchObject({
      upstreams: [{ name: 'app_servers', servers: ['10.0.0.1:8080 weight=3 max_fails=3 fail_timeout=30s', 'app2.internal:8080 resolve', '10.0.0.3:8080 backup', 'unix:/run/app.sock down'] }],
      listens: 2,
      cachePaths: [
        { zone: 'app', from: '/var/cache/nginx/app', to: '/w/cache/app' },
        { zone: 'img', from: '/var/cache/nginx/img', to: '/w/cache/img' },
      ],
      servers: { proxying: [expect.stringContaining('example.com (')], dropped: [expect.stringContaining('example.com (')] },
    });
    expect(out.retargeted.proxyPass[0]).toMatchObject({ from: 'https://app_servers', to: 'http://app_servers' });
    expect(out.retargeted.removed).toEqual(expect.arrayContaining(['access_log', 'daemon', 'error_log', 'pid', 'ssl_certificate', 'stream', 'user']));
  });

  test("the outcome header reaches every level: http, and each server/location/if with add_header of its own; the user's same-name header replaced", async () => {
    const out = await renderUserConf({ ...params, file: join(dir, 'nginx.conf') });
    if (out.kind !== 'whole') throw new Error('expected a whole conf');
    const nodes = parseNginxConf(out.main, 'printed');
    const http = all(nodes, 'http')[0]!;
    const own = (block: readonly ConfNode[]) => block.filter((n): n is ConfDirective => n.type === 'directive' && n.name === 'add_header').map(args);
    const ours = 'x-cache-status $stampede_cache_status always';
    expect(own(http.block!)).toEqual([ours, 'X-Frame-Options SAMEORIGIN']);
    const app = all(http.block!, 'server').at(-1)!;
    expect(own(app.block!)).toEqual([]); // inherits http's (ours and the user's X-Frame-Options)
    const locations = all(app.block!, 'location');
    expect(locations.map((l) => [args(l), own(l.block!)])).toEqual([
      ['/', []],
      ['/static/', [ours, 'Cache-Control public']],
      ['/static/nested/', [ours, 'X-Nested 1']],
      ['/sock', []],
    ]);
    expect(own(all(locations[1]!.block!, 'if')[0]!.block!)).toEqual([ours, 'X-Debug 1']);
    expect(all(nodes, 'map').map(args)).toEqual(['$upstream_cache_status $stampede_cache_status']);
    expect(out.retargeted.removed).toContain("add_header X-Cache-Status (replaced by stampede's)");
    expect(out.retargeted.headerInjections).toBe(4);
  });
});

describe('the Debian stock nginx.conf (fixtures/debian-stock, verbatim)', () => {
  const debianTree = (site?: string): string => {
    const dir = mkdtempSync(join(tmp, 'etc-nginx-'));
    cpSync(join(FIXTURES, 'debian-stock'), dir, { recursive: true });
    mkdirSync(join(dir, 'sites-enabled'));
    mkdirSync(join(dir, 'conf.d'));
    mkdirSync(join(dir, 'modules-enabled'));
    cpSync(join(dir, 'sites-available', 'default'), join(dir, 'sites-enabled', 'default'));
    if (site !== undefined) writeFileSync(join(dir, 'sites-enabled', 'app'), site);
    return dir;
  };

  test('alone (its default site serves /var/www/html): refused with the cause and the fix', async () => {
    const dir = debianTree();
    const err = await renderUserConf({ ...params, file: join(dir, 'nginx.conf') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_SPEC' });
    expect((err as Error).message).toMatch(/no server proxies to a backend \(no proxy_pass in any server \{\}; its servers \(_ \(.*sites-enabled\/default:21\)\) serve files or redirect\)/);
    expect((err as Error).message).toMatch(/add the site that proxies and caches/);
  });

  test('its absolute includes (/etc/nginx/...) are looked up in the copied tree first, then in the installed nginx', async () => {
    const dir = debianTree('server { listen 80; location / { proxy_pass http://127.0.0.1:3000; } }');
    const out = await renderUserConf({ ...params, file: join(dir, 'nginx.conf') });
    if (out.kind !== 'whole') throw new Error('expected a whole conf');
    expect(out.files.map((f) => f.slice(dir.length))).toEqual(['/nginx.conf', '/mime.types', '/sites-enabled/app', '/sites-enabled/default']);
    expect(out.retargeted.servers.dropped).toEqual([expect.stringMatching(/^_ \(/)]);
    expect(out.main).toContain('types {');
  });
});

describe('fragments and refusals', () => {
  const base = { context: 'http', file: 'f.conf', listen: '127.0.0.1:1', origin: '127.0.0.1:2', prefix: '/w', cacheRoot: '/w/cache', statusPort: 3, workerProcesses: 1, runAsRoot: false, cacheHeader: 'x-cache-status' } satisfies RetargetParams;

  test('a fragment without placeholders: retargeted the same way, no process directives added', () => {
    const r = retargetConf(parseNginxConf('proxy_cache_path /data/c keys_zone=z:1m;\nserver { listen 80; location / { proxy_pass http://app.local:8080; proxy_cache z; } }', 'f'), base);
    expect(r.cacheDirs).toEqual(['/w/cache/z']);
    expect(r.workerProcesses).toBeNull();
    const names = r.nodes.filter((n): n is ConfDirective => n.type === 'directive').map((n) => n.name);
    expect(names).toEqual(['map', 'add_header', 'proxy_cache_path', 'server']);
    expect(all(r.nodes, 'proxy_pass').map(args)).toEqual(['http://127.0.0.1:2']);
  });

  test.each([
    ['proxy_pass $backend_url;', /proxy_pass \$backend_url \(f:1\): the whole URL is a variable/],
    ['proxy_pass grpc://x;', /not an http\(s\):\/\/ URL/],
  ])('%s -> refused, naming the place', (line, message) => {
    expect(() => retargetConf(parseNginxConf(`server { location / { ${line} } }`, 'f'), base)).toThrowError(message);
  });

  test('a whole conf without http {}', () => {
    expect(() => retargetConf(parseNginxConf('events {}', 'f'), { ...base, context: 'main' })).toThrowError(/no http \{\} block/);
  });

  test.each([
    [{ 'nginx.conf': 'events {} http { include missing.conf; }' }, /include missing\.conf \(.*nginx\.conf:1\): no such file in /],
    [{ 'nginx.conf': 'include a.conf;', 'a.conf': 'include nginx.conf;' }, /include cycle: .*nginx\.conf -> .*a\.conf -> .*nginx\.conf/],
    [{ 'nginx.conf': 'events {} http { include sites/*.conf; }', 'sites/x.conf': 'server { listen 80 }' }, /unexpected "}" after "listen" \(missing ";"\?\) in .*sites\/x\.conf:1/],
  ])('include problems name the file and line: %#', async (files, message) => {
    const dir = tree(files);
    await expect(loadNginxConf(join(dir, 'nginx.conf'), { confDir: dir })).rejects.toThrowError(message);
  });

  test('glob: *, ?, [..], no dotfiles, sorted, files only', async () => {
    const dir = tree({ 'a/b1.conf': '', 'a/b2.conf': '', 'a/c.conf': '', 'a/.b3.conf': '', 'a/bx.txt': '', 'a/b9.conf/x': '' });
    expect((await glob(join(dir, 'a/b?.conf'))).map((f) => f.slice(dir.length))).toEqual(['/a/b1.conf', '/a/b2.conf']);
    expect((await glob(join(dir, 'a/[bc]*.conf'))).map((f) => f.slice(dir.length))).toEqual(['/a/b1.conf', '/a/b2.conf', '/a/c.conf']);
    expect((await glob(join(dir, '*/c.conf'))).map((f) => f.slice(dir.length))).toEqual(['/a/c.conf']);
    expect(await glob(join(dir, 'none/*'))).toEqual([]);
  });
});
