import { describe, expect, test } from 'vitest';
import { outcomeVcl, renderVcl, type VclParams } from './varnish-vcl.js';

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

describe('outcomeVcl', () => {
  test('only sets and unsets headers: no return, so it can run before any VCL\'s own subs', () => {
    const vcl = outcomeVcl('x-stampede-cache');
    expect(vcl).not.toMatch(/return/);
    expect(vcl).toContain('set resp.http.x-stampede-cache = "MISS";');
    expect(vcl.match(/^sub vcl_\w+/gm)).toEqual(['sub vcl_recv', 'sub vcl_hit', 'sub vcl_pass', 'sub vcl_backend_fetch', 'sub vcl_deliver']);
  });
  test('the generated VCL starts with the same subs (one copy of the outcome logic)', () => {
    expect(renderVcl(base)).toContain(outcomeVcl('x-cache'));
  });
});
