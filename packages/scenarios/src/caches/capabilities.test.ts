import { describe, expect, test } from 'vitest';
import type { CacheCapabilities } from './adapter.js';
import { missingCapabilities, requireCapability } from './capabilities.js';
import { createCacheAdapter } from './registry.js';

const none: CacheCapabilities = {
  purgeAll: false,
  ban: false,
  purgeKeys: false,
  restartCold: false,
  restartWarm: false,
  reloadConfig: false,
  nativeStats: false,
  coalescingToggle: false,
  grace: false,
};

describe('requireCapability', () => {
  test('names the scenario, the capability, the cache and the fix', () => {
    expect(() => requireCapability({ kind: 'external', capabilities: none }, 'purgeAll', 'global-purge')).toThrowError(
      expect.objectContaining({
        code: 'STAMPEDE_SPEC',
        name: 'UnsupportedCapabilityError',
        message:
          'scenario global-purge needs purgeAll, which the external cache has no command for: pass --purge-cmd/--purge-url (options.actions.purgeAll)',
      }),
    );
    expect(() => requireCapability({ kind: 'varnish', capabilities: none }, 'coalescingToggle', 'no-coalescing')).toThrowError(
      /scenario no-coalescing needs switching request coalescing off, which your VCL file decides/,
    );
    expect(() => requireCapability({ kind: 'external', capabilities: none }, 'nativeStats', 's')).toThrowError(/use --cache varnish, nginx or embedded/);
  });

  test('passes when the adapter has it; missingCapabilities lists every gap', () => {
    const embedded = createCacheAdapter('embedded', { originUrl: 'http://127.0.0.1:1' });
    expect(() => requireCapability(embedded, 'ban', 'x')).not.toThrow();
    expect(missingCapabilities({ capabilities: { ...none, ban: true } }, ['ban', 'purgeAll', 'grace'])).toEqual(['purgeAll', 'grace']);
  });

  test('capability table per kind (generated configs)', () => {
    const o = { originUrl: 'http://127.0.0.1:1' };
    for (const kind of ['embedded', 'varnish', 'nginx'] as const) {
      expect(Object.values(createCacheAdapter(kind, o).capabilities).every(Boolean)).toBe(true);
    }
    expect(createCacheAdapter('external', { url: 'http://127.0.0.1:1' }).capabilities).toEqual(none);
  });

  test('createCacheAdapter rejects an unknown kind', () => {
    expect(() => createCacheAdapter('squid' as never, { originUrl: 'http://127.0.0.1:1' })).toThrowError(
      expect.objectContaining({ code: 'STAMPEDE_SPEC', message: expect.stringContaining('cache kind must be one of embedded, varnish, nginx, external (got "squid")') }),
    );
  });
});
