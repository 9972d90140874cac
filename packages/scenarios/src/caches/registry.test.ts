import { describe, expect, test } from 'vitest';
import { CACHE_KINDS } from './adapter.js';
import { CACHE_KIND_OPTIONS, changeRefusal, DEFAULT_CACHE_HEADER, kindsWithField } from './options.js';
import { CACHE_REGISTRY, createCacheAdapter } from './registry.js';

describe('the cache registry', () => {
  test('one row per kind, in CACHE_KINDS order (the order messages list kinds in), each with its options module', () => {
    expect(Object.keys(CACHE_REGISTRY)).toEqual([...CACHE_KINDS]);
    expect(Object.keys(CACHE_KIND_OPTIONS)).toEqual([...CACHE_KINDS]);
    for (const kind of CACHE_KINDS) {
      expect(CACHE_REGISTRY[kind].options).toBe(CACHE_KIND_OPTIONS[kind]);
      expect(CACHE_REGISTRY[kind].capabilities).toBe(CACHE_KIND_OPTIONS[kind].capabilities);
    }
  });

  test('an adapter reports the capabilities its row states, narrowed by a user file the same way', async () => {
    const origin = 'http://127.0.0.1:1';
    const vcl = new URL('../../examples/site.vcl', import.meta.url).pathname;
    const cases = [
      createCacheAdapter('embedded', { originUrl: origin }),
      createCacheAdapter('varnish', { originUrl: origin }),
      createCacheAdapter('varnish', { originUrl: origin, vclFile: vcl }),
      createCacheAdapter('external', { url: origin, actions: { purgeAll: { command: 'true' } } }),
    ];
    expect(cases[2]?.capabilities).toMatchObject({ coalescingToggle: false, grace: false, purgeAll: true });
    expect(CACHE_REGISTRY.varnish.capabilities({ vclFile: vcl })).toEqual(cases[2]?.capabilities);
    expect(CACHE_REGISTRY.embedded.capabilities({})).toEqual(cases[0]?.capabilities);
    expect(CACHE_REGISTRY.varnish.capabilities({})).toEqual(cases[1]?.capabilities);
    expect(CACHE_REGISTRY.external.capabilities({ actions: { purgeAll: { command: 'true' } } })).toEqual(cases[3]?.capabilities);
    for (const c of cases) await c.stop(); // never started: nothing to reap, their agents closed
  });

  test.each([
    ['coalescing', ['embedded', 'varnish', 'nginx']],
    ['cacheHeader', ['embedded', 'varnish', 'nginx', 'external']],
    ['workDir', ['embedded', 'varnish', 'nginx']],
    ['maxCount', ['embedded']],
    ['vclFile', ['varnish']],
    ['binaries', ['varnish', 'nginx']],
    ['actions', ['external']],
    ['nope', []],
  ])('%s is taken by %j', (field, kinds) => {
    expect(kindsWithField(field)).toEqual(kinds);
  });

  test('run-time changes: a kind takes its own option fields, minus those fixed at start; external takes any', () => {
    expect(changeRefusal('embedded', 'maxCount', 'adapter')).toBeUndefined();
    expect(changeRefusal('nginx', 'maxCount', 'spec')).toBe('applies to the embedded cache only');
    expect(changeRefusal('varnish', 'maxSizeBytes', 'spec')).toContain('sized at start (set cache.maxSizeBytes)');
    expect(changeRefusal('varnish', 'maxSizeBytes', 'adapter')).toContain('(restart with the new size)');
    expect(changeRefusal('external', 'vclFile', 'adapter')).toBeUndefined();
  });

  test('default outcome headers', () => {
    expect(DEFAULT_CACHE_HEADER).toEqual({ embedded: 'x-cache', varnish: 'x-cache', nginx: 'x-cache-status', external: 'x-cache' });
  });
});
