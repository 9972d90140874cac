import { describe, expect, test } from 'vitest';
import { configOverrides, hasExtraCacheSettings, withCacheSettings } from './apply-cache-config.js';
import { parseCacheConfig } from './parse-cache-config.js';

const config = (text: string) => parseCacheConfig(text, '--a');

describe('configOverrides: what stampede run would be given', () => {
  test.each([
    ['embedded', { cache: 'embedded' }],
    ['embedded:coalescing=off', { cache: 'embedded', coalescing: false }],
    ['varnish:coalescing=on,grace=30s', { cache: 'varnish', coalescing: true }],
    ['site.vcl', { cache: 'varnish', vclFile: 'site.vcl' }],
    ['nginx:site.conf', { cache: 'nginx', nginxConfFile: 'site.conf' }],
  ])('%s', (text, overrides) => {
    expect(configOverrides(config(text))).toEqual(overrides);
  });

  test('the shared overrides (--rate, --duration) are kept', () => {
    expect(configOverrides(config('embedded'), { ratePerS: 50, durationS: '10s' })).toEqual({ cache: 'embedded', ratePerS: 50, durationS: '10s' });
  });
});

describe('withCacheSettings: the cache fields no run flag has', () => {
  const spec = { name: 's', cache: { kind: 'varnish', grace: { seconds: 5 }, ttlOverrideS: 30 } };
  test.each<[string, boolean, unknown]>([
    ['varnish:coalescing=off', false, spec.cache],
    ['varnish:grace=off', true, { kind: 'varnish', grace: false, ttlOverrideS: 30 }],
    ['varnish:grace=60s,ttl=off', true, { kind: 'varnish', grace: { seconds: 60 } }],
    ['varnish:max-size=1m', true, { kind: 'varnish', grace: { seconds: 5 }, ttlOverrideS: 30, maxSizeBytes: 1024 ** 2 }],
  ])('%s', (text, extra, cache) => {
    expect(hasExtraCacheSettings(config(text))).toBe(extra);
    expect((withCacheSettings(spec, config(text)) as { cache: unknown }).cache).toEqual(cache);
  });

  test('the input is not changed', () => {
    const frozen = Object.freeze({ cache: Object.freeze({ kind: 'embedded', ttlOverrideS: 3 }) });
    withCacheSettings(frozen, config('embedded:ttl=off'));
    expect(frozen.cache).toEqual({ kind: 'embedded', ttlOverrideS: 3 });
  });
});
