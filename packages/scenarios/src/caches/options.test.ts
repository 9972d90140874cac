import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { CacheOptionsError } from './errors.js';
import { resolveCacheOptions, resolveConfigChange, type CacheAdapterOptions } from './options.js';
import type { CacheKind } from './adapter.js';

const tmp = mkdtempSync(join(tmpdir(), 'stampede-options-test-'));
const vcl = join(tmp, 'site.vcl');
writeFileSync(vcl, 'vcl 4.1;\n');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function problems(kind: CacheKind, input: unknown): string[] {
  try {
    resolveCacheOptions(kind, input as CacheAdapterOptions);
  } catch (err) {
    expect(err).toBeInstanceOf(CacheOptionsError);
    expect((err as CacheOptionsError).code).toBe('STAMPEDE_SPEC');
    return (err as CacheOptionsError).problems.map((p) => p.message);
  }
  return [];
}

describe('resolveCacheOptions', () => {
  test('defaults, frozen, per-kind header, slash trimmed', () => {
    const o = resolveCacheOptions('embedded', { originUrl: 'http://127.0.0.1:8080/' });
    expect(o).toMatchObject({ originUrl: 'http://127.0.0.1:8080', coalescing: true, cacheHeader: 'x-cache', maxCount: 100_000 });
    expect(Object.isFrozen(o)).toBe(true);
    expect(resolveCacheOptions('nginx', { originUrl: 'http://localhost:1' }).cacheHeader).toBe('x-cache-status');
    expect(resolveCacheOptions('varnish', { originUrl: 'http://[::1]:1', cacheHeader: 'X-Outcome' }).cacheHeader).toBe('x-outcome');
  });

  test.each<[string, CacheKind, unknown, string]>([
    ['origin required', 'varnish', {}, 'originUrl is required'],
    ['origin loopback', 'embedded', { originUrl: 'http://10.0.0.1:80' }, 'originUrl must be a loopback address'],
    ['origin no path', 'nginx', { originUrl: 'http://127.0.0.1:80/api' }, 'originUrl must be an origin only'],
    ['origin http only', 'embedded', { originUrl: 'https://127.0.0.1' }, 'originUrl must use http://'],
    ['unknown option', 'embedded', { originUrl: 'http://127.0.0.1:1', colescing: true }, 'colescing is not a cache option'],
    ['other kind option', 'embedded', { originUrl: 'http://127.0.0.1:1', vclFile: vcl }, 'vclFile applies to the varnish cache only'],
    ['other kind binary', 'nginx', { originUrl: 'http://127.0.0.1:1', binaries: { varnishd: '/x' } }, 'binaries.varnishd applies to the varnish cache only'],
    ['grace shape', 'embedded', { originUrl: 'http://127.0.0.1:1', grace: true }, 'grace must be false or an object'],
    ['ttl range', 'varnish', { originUrl: 'http://127.0.0.1:1', ttlOverrideS: -1 }, 'ttlOverrideS must be an integer between 0'],
    ['vcl exists', 'varnish', { originUrl: 'http://127.0.0.1:1', vclFile: join(tmp, 'nope.vcl') }, 'vclFile must be an existing file'],
    ['vcl owns settings', 'varnish', { originUrl: 'http://127.0.0.1:1', vclFile: vcl, coalescing: false }, 'coalescing cannot be combined with vclFile'],
    ['workDir absolute', 'nginx', { originUrl: 'http://127.0.0.1:1', workDir: 'rel/dir' }, 'workDir must be an absolute path'],
    ['external url', 'external', {}, 'url is required'],
    ['external action shape', 'external', { url: 'http://127.0.0.1:1', actions: { purgeAll: { cmd: 'x' } } }, 'actions.purgeAll must be'],
    ['external has no coalescing', 'external', { url: 'http://127.0.0.1:1', coalescing: false }, 'coalescing applies to the embedded / varnish / nginx cache only'],
  ])('%s', (_name, kind, input, message) => {
    expect(problems(kind, input).join('\n')).toContain(message);
  });

  test('every problem is reported at once, each naming its field and value', () => {
    const all = problems('embedded', { originUrl: 'ftp://x', maxCount: 0, grace: { seconds: -1 }, nope: 1 });
    expect(all).toHaveLength(4);
    expect(all).toContain('maxCount must be an integer between 1 and 100000000 (got 0)');
    expect(all.some((m) => m.startsWith('grace'))).toBe(true);
  });
});

describe('resolveConfigChange', () => {
  test('accepts what the kind can change at run time', () => {
    expect(resolveConfigChange('embedded', { coalescing: false, maxCount: 10, ttlOverrideS: null })).toEqual({
      coalescing: false,
      maxCount: 10,
      ttlOverrideS: null,
    });
    expect(resolveConfigChange('varnish', { vclFile: vcl })).toEqual({ vclFile: vcl });
  });

  test.each<[CacheKind, unknown, string]>([
    ['varnish', { maxSizeBytes: 1 << 20 }, "maxSizeBytes cannot change at run time: varnish's malloc storage is sized at start"],
    ['nginx', { vclFile: vcl }, 'vclFile applies to the varnish cache only'],
    ['embedded', { workDir: '/x' }, 'workDir is not a run-time cache setting'],
    ['nginx', { nginxConfFile: join(tmp, 'nope.conf') }, 'nginxConfFile must be an existing file'],
  ])('%s %j', (kind, change, message) => {
    expect(() => resolveConfigChange(kind, change as never)).toThrowError(expect.objectContaining({ code: 'STAMPEDE_SPEC', message: expect.stringContaining(message) }));
  });
});
