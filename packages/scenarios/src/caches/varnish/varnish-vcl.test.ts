import { describe, expect, test } from 'vitest';
import { injectOrigin, renderVcl, type VclParams } from './varnish-vcl.js';

const base: VclParams = { originHost: '127.0.0.1', originPort: 8080, coalescing: true, grace: undefined, ttlOverrideS: undefined, cacheHeader: 'x-cache' };

describe('renderVcl', () => {
  test('defaults: backend, hash on URL only, outcome header, no behaviour overrides', () => {
    const vcl = renderVcl(base);
    expect(vcl).toContain('.host = "127.0.0.1";');
    expect(vcl).toContain('.port = "8080";');
    expect(vcl).toContain('hash_data(req.url);');
    expect(vcl).toContain('set resp.http.x-cache = "STALE";');
    expect(vcl).not.toContain('hash_ignore_busy');
    expect(vcl).not.toContain('beresp.grace');
    expect(vcl).not.toContain('beresp.ttl');
  });

  test('switches: coalescing off, grace, TTL override on cacheable statuses', () => {
    expect(renderVcl({ ...base, coalescing: false })).toContain('set req.hash_ignore_busy = true;');
    const off = renderVcl({ ...base, grace: false });
    expect(off).toContain('set req.grace = 0s;');
    expect(off).toContain('set beresp.grace = 0s;');
    expect(renderVcl({ ...base, grace: { seconds: 30 } })).toContain('set beresp.grace = 30s;');
    const ttl = renderVcl({ ...base, ttlOverrideS: 7 });
    expect(ttl).toContain('set beresp.ttl = 7s;');
    expect(ttl).toContain('beresp.status == 200 ||');
    expect(ttl).not.toContain('beresp.status == 503');
    expect(renderVcl({ ...base, originHost: '[::1]' })).toContain('.host = "::1";');
  });

  test('refuses a header name VCL cannot write', () => {
    expect(() => renderVcl({ ...base, cacheHeader: 'x.cache' })).toThrowError(expect.objectContaining({ code: 'STAMPEDE_SPEC' }));
  });
});

describe('injectOrigin', () => {
  test('fills both placeholders everywhere', () => {
    const vcl = 'backend a { .host = "{{ORIGIN_HOST}}"; .port = "{{ORIGIN_PORT}}"; }\n# {{ORIGIN_HOST}}';
    expect(injectOrigin(vcl, 'f.vcl', '127.0.0.1', 9)).toBe('backend a { .host = "127.0.0.1"; .port = "9"; }\n# 127.0.0.1');
  });
  test('names the missing placeholder', () => {
    expect(() => injectOrigin('backend a { .host = "{{ORIGIN_HOST}}"; .port = "80"; }', 'f.vcl', 'h', 1)).toThrowError(/f\.vcl must contain \{\{ORIGIN_PORT\}\}/);
  });
});
