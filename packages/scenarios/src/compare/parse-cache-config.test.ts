import { describe, expect, test } from 'vitest';
import { UsageError } from '../usage/usage-error.js';
import { describeCacheConfig, parseCacheConfig, type CacheConfig } from './parse-cache-config.js';

describe('parseCacheConfig', () => {
  test.each<[string, Omit<CacheConfig, 'source'>]>([
    ['embedded', { kind: 'embedded', settings: {} }],
    ['varnish:', { kind: 'varnish', settings: {} }],
    ['embedded:coalescing=off', { kind: 'embedded', settings: { coalescing: false } }],
    ['embedded:coalescing=on', { kind: 'embedded', settings: { coalescing: true } }],
    ['varnish:coalescing=on,grace=30s', { kind: 'varnish', settings: { coalescing: true, grace: { seconds: 30 } } }],
    ['varnish: coalescing = yes , grace = 2m ', { kind: 'varnish', settings: { coalescing: true, grace: { seconds: 120 } } }],
    ['nginx:grace=off', { kind: 'nginx', settings: { grace: false } }],
    ['nginx:grace=0', { kind: 'nginx', settings: { grace: { seconds: 0 } } }],
    ['embedded:ttl=60,max-count=500,max-size=64m', { kind: 'embedded', settings: { ttlOverrideS: 60, maxCount: 500, maxSizeBytes: 64 * 1024 ** 2 } }],
    ['embedded:ttl=off', { kind: 'embedded', settings: { ttlOverrideS: null } }],
    ['embedded:ttlOverrideS=10s,maxCount=5,maxSizeBytes=1k', { kind: 'embedded', settings: { ttlOverrideS: 10, maxCount: 5, maxSizeBytes: 1024 } }],
    ['site.vcl', { kind: 'varnish', file: 'site.vcl', settings: {} }],
    ['conf/site.CONF', { kind: 'nginx', file: 'conf/site.CONF', settings: {} }],
    ['varnish:examples/site.vcl', { kind: 'varnish', file: 'examples/site.vcl', settings: {} }],
    ['nginx:/etc/nginx/site.conf', { kind: 'nginx', file: '/etc/nginx/site.conf', settings: {} }],
    ['/tmp/odd:name.vcl', { kind: 'varnish', file: '/tmp/odd:name.vcl', settings: {} }],
  ])('%s', (source, expected) => {
    expect(parseCacheConfig(source, '--a')).toEqual({ source, ...expected });
  });

  test.each<[string, string[]]>([
    ['', ['--a "": is empty: give a VCL file (site.vcl or varnish:site.vcl), an nginx conf (nginx:site.conf), or a cache with settings (embedded:coalescing=off, varnish:coalescing=on,grace=30s, nginx:grace=off)']],
    ['squid:coalescing=on', ['--a "squid:coalescing=on": unknown cache "squid": the caches are embedded, varnish, nginx']],
    ['varnsh:grace=30s', ['--a "varnsh:grace=30s": unknown cache "varnsh": the caches are embedded, varnish, nginx; did you mean varnish?']],
    ['external:url=http://x', ['--a "external:url=http://x": an external cache is configured in a scenario file (cache.url, cache.actions), not here']],
    ['coalescing=off', ['--a "coalescing=off": give a VCL file (site.vcl or varnish:site.vcl), an nginx conf (nginx:site.conf), or a cache with settings (embedded:coalescing=off, varnish:coalescing=on,grace=30s, nginx:grace=off)']],
    ['embedded:coalescing', ['--a "embedded:coalescing": coalescing needs a value, e.g. coalescing=off']],
    ['embedded:site.vcl', ['--a "embedded:site.vcl": the embedded cache takes settings (key=value, ...), not a file']],
    ['nginx:site.vcl', ['--a "nginx:site.vcl": nginx takes an nginx conf (.conf) or key=value settings (got "site.vcl")']],
    ['varnish:site.vcl,grace=30s', ['--a "varnish:site.vcl,grace=30s": a file takes no settings (the file decides coalescing, grace and TTLs): give the file alone']],
    ['embedded:coalesing=off', ['--a "embedded:coalesing=off": unknown setting "coalesing"; did you mean coalescing? (settings: coalescing, grace, ttl, max-count, max-size)']],
    ['embedded:coalescing=maybe,grace=5x,ttl=1.5s,max-count=0,max-size=big', [
      '--a "embedded:coalescing=maybe,grace=5x,ttl=1.5s,max-count=0,max-size=big": coalescing must be on or off (got "maybe")',
      '--a "embedded:coalescing=maybe,grace=5x,ttl=1.5s,max-count=0,max-size=big": grace must be off or a whole number of seconds, e.g. 30s, 2m, 120 (got "5x")',
      '--a "embedded:coalescing=maybe,grace=5x,ttl=1.5s,max-count=0,max-size=big": ttl must be off or a whole number of seconds, e.g. 30s, 2m, 120 (got "1.5s")',
      '--a "embedded:coalescing=maybe,grace=5x,ttl=1.5s,max-count=0,max-size=big": max-count must be a whole number >= 1 (got "0")',
      '--a "embedded:coalescing=maybe,grace=5x,ttl=1.5s,max-count=0,max-size=big": max-size must be a size like 64m, 512k, 1g (got "big")',
    ]],
    ['embedded:coalescing=on,coalescing=off', ['--a "embedded:coalescing=on,coalescing=off": coalescing is given twice (coalescing=on and coalescing=off): give it once']],
    ['embedded:coalescing=on,', ['--a "embedded:coalescing=on,": an empty setting (a stray comma?)']],
    ['embedded:grace=', ['--a "embedded:grace=": grace must be off or a whole number of seconds, e.g. 30s, 2m, 120 (got "")']],
  ])('%j: a usage error naming the flag', (source, problems) => {
    let error: unknown;
    try {
      parseCacheConfig(source, '--a');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('STAMPEDE_USAGE');
    expect((error as UsageError).problems).toEqual(problems);
  });
});

describe('describeCacheConfig', () => {
  test.each([
    ['embedded', "embedded (the scenario's settings)"],
    ['embedded:coalescing=off', 'embedded, coalescing off'],
    ['varnish:coalescing=on,grace=30s', 'varnish, coalescing on, grace 30s'],
    ['nginx:grace=off,ttl=off', 'nginx, no grace, no TTL override'],
    ['embedded:ttl=5,max-count=9,max-size=1k', 'embedded, TTL 5s, at most 9 entries, 1024 bytes'],
    ['site.vcl', 'varnish with site.vcl'],
  ])('%s: %s', (source, words) => {
    expect(describeCacheConfig(parseCacheConfig(source, '--b'))).toBe(words);
  });
});
