import { describe, expect, test } from 'vitest';
import { parseCacheKey, urlOfKey } from './cache-files.js';
import { injectPlaceholders, renderMainConf, renderSiteConf, type SiteParams } from './nginx-conf.js';
import { parseStubStatus } from './stub-status.js';

const site: SiteParams = {
  listen: '127.0.0.1:8081',
  originHost: '127.0.0.1',
  originPort: 8080,
  cacheDir: '/w/cache',
  maxSizeBytes: 1 << 20,
  coalescing: true,
  grace: undefined,
  ttlOverrideS: undefined,
  cacheHeader: 'x-cache-status',
};

describe('nginx config templates', () => {
  test('main conf keeps every path in the prefix', () => {
    const conf = renderMainConf({ prefix: '/w', workerProcesses: 2, runAsRoot: true, statusPort: 9000, siteFile: '/w/conf/site.conf' });
    for (const d of ['pid /w/', 'lock_file /w/', 'error_log /w/', 'client_body_temp_path /w/', 'proxy_temp_path /w/', 'fastcgi_temp_path /w/', 'uwsgi_temp_path /w/', 'scgi_temp_path /w/']) {
      expect(conf).toContain(d);
    }
    expect(conf).toContain('user root;');
    expect(conf).toContain('access_log off;');
    expect(conf).not.toContain('user root;\n'.repeat(2));
    expect(renderMainConf({ prefix: '/w', workerProcesses: 1, runAsRoot: false, statusPort: 9000, siteFile: 's' })).not.toContain('user root');
  });

  test.each<[string, Partial<SiteParams>, string[], string[]]>([
    ['defaults', {}, ['proxy_cache_lock on;', 'proxy_cache_background_update on;', 'proxy_cache_key $request_uri;', 'add_header x-cache-status $stampede_cache_status always;'], ['updating', 'proxy_ignore_headers']],
    ['coalescing off', { coalescing: false }, ['proxy_cache_lock off;'], []],
    ['grace seconds', { grace: { seconds: 30 } }, ['proxy_cache_use_stale updating error'], []],
    ['grace off', { grace: false }, ['proxy_cache_use_stale off;', 'proxy_cache_background_update off;'], ['updating']],
    ['ttl override', { ttlOverrideS: 5 }, ['proxy_ignore_headers Cache-Control Expires;', 'proxy_cache_valid 200 203 204 300 301 302 404 410 5s;'], []],
  ])('site conf: %s', (_name, over, present, absent) => {
    const conf = renderSiteConf({ ...site, ...over });
    for (const p of present) expect(conf).toContain(p);
    for (const a of absent) expect(conf).not.toContain(a);
  });

  test('user site conf placeholders', () => {
    const text = 'proxy_cache_path {{CACHE_DIR}} keys_zone=z:1m; server { listen {{LISTEN}}; location / { proxy_pass {{ORIGIN}}; } }';
    expect(injectPlaceholders(text, 'f', { listen: '127.0.0.1:1', originHost: '127.0.0.1', originPort: 2, cacheDir: '/c' })).toBe(
      'proxy_cache_path /c keys_zone=z:1m; server { listen 127.0.0.1:1; location / { proxy_pass http://127.0.0.1:2; } }',
    );
    expect(() => injectPlaceholders('server { listen {{LISTEN}}; }', 'f', { listen: '', originHost: '', originPort: 1, cacheDir: '' })).toThrowError(
      /must contain \{\{CACHE_DIR\}\}, \{\{ORIGIN\}\}/,
    );
  });
});

describe('cache files and stub_status', () => {
  test('KEY line and its URL', () => {
    const head = Buffer.concat([Buffer.from([5, 0, 0, 0, 0xff, 0x10]), Buffer.from('\nKEY: /items/1?x=2\nHTTP/1.1 200 OK\r\n')]);
    expect(parseCacheKey(head)).toBe('/items/1?x=2');
    expect(parseCacheKey(Buffer.from('no key here'))).toBeUndefined();
    expect(urlOfKey('/a?b')).toBe('/a?b');
    expect(urlOfKey('http://127.0.0.1:8080/a?b')).toBe('/a?b');
    expect(urlOfKey('http127.0.0.1:8080/a')).toBe('/a');
    expect(urlOfKey('http://h')).toBe('/');
  });

  test('stub_status', () => {
    expect(parseStubStatus('Active connections: 2 \nserver accepts handled requests\n 10 10 31 \nReading: 0 Writing: 1 Waiting: 1 \n')).toEqual({
      active: 2,
      accepts: 10,
      handled: 10,
      requests: 31,
      reading: 0,
      writing: 1,
      waiting: 1,
    });
    expect(parseStubStatus('<html>')).toBeUndefined();
  });
});
