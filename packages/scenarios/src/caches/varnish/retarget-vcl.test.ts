import { describe, expect, test } from 'vitest';
import { describeAddress, listIncludes, retargetVcl, type RetargetOptions } from './retarget-vcl.js';

const o: RetargetOptions = { originHost: '127.0.0.1', originPort: 9000, healthPath: '/__h' };
const AT = '.host = "127.0.0.1"; .port = "9000";';
const lines = (s: string) => s.split('\n').length;

describe('retargetVcl: backends', () => {
  test.each<[string, string, string, string]>([
    ['host and port', 'backend b { .host = "10.0.0.5"; .port = "8080"; }', `backend b { ${AT}   }`, '10.0.0.5:8080'],
    ['port inside .host', 'backend b { .host = "example.com:8081"; }', `backend b { ${AT}  }`, 'example.com:8081'],
    ['no .port: 80', 'backend b { .host = "app"; .connect_timeout = 1s; }', `backend b { ${AT}  .connect_timeout = 1s; }`, 'app:80'],
    ['IPv6 host', 'backend b { .host = "::1"; .port = "8080"; }', `backend b { ${AT}   }`, '[::1]:8080'],
    ['IPv6 with port inside', 'backend b { .host = "[::1]:8080"; }', `backend b { ${AT}  }`, '[::1]:8080'],
    ['Unix socket .path', 'backend b { .path = "/run/app.sock"; }', `backend b { ${AT}  }`, '/run/app.sock'],
    ['long-string host, other fields kept', 'backend b {.host={"h"};.max_connections=10;}', `backend b { ${AT}.max_connections=10;}`, 'h:80'],
  ])('%s', (_name, src, expected, was) => {
    const r = retargetVcl(src, o);
    expect(r.text).toBe(expected);
    expect(r.backends).toEqual([{ name: 'b', was, probe: false }]);
  });

  test('PROXY protocol and preamble are dropped (the origin would read them as a broken request) and reported', () => {
    const r = retargetVcl('backend b { .host = "h"; .proxy_header = 2; .preamble = :SGVsbG8=:; }', o);
    expect(r.text).toBe(`backend b { ${AT}    }`);
    expect(r.backends[0]).toMatchObject({ dropped: ['proxy_header', 'preamble'] });
  });

  test('`backend NAME none;` is left alone and listed', () => {
    const src = 'backend default none;\nbackend real { .host = "h"; }';
    const r = retargetVcl(src, o);
    expect(r.noneBackends).toEqual(['default']);
    expect(r.text).toBe(`backend default none;\nbackend real { ${AT}  }`);
  });

  test('the word backend in comments, strings, long strings, inline C and variable names is not a declaration', () => {
    const src = [
      'vcl 4.1;',
      '# backend a { .host = "1.1.1.1"; }',
      '// backend b { .host = "1.1.1.1"; }',
      '/* backend c { .host = "1.1.1.1"; } */',
      'sub vcl_recv { set req.http.x = "backend d { .host = \\"1.1.1.1\\"; }"; set req.http.y = {"backend e { .host = "1.1.1.1"; }"}; }',
      'C{ /* backend f { } */ }C',
      'sub vcl_backend_fetch { set bereq.backend = bereq.backend; }',
      'backend real { .host = "10.1.1.1"; }',
    ].join('\n');
    const r = retargetVcl(src, o);
    expect(r.backends.map((b) => b.name)).toEqual(['real']);
    expect(r.text.split('\n').slice(0, 7)).toEqual(src.split('\n').slice(0, 7));
  });

  test('the address comes from any order of fields; every backend of a director setup is retargeted', () => {
    const src = `vcl 4.1;
import directors;
backend web1 { .port = "8080"; .host = "10.0.0.1"; }
backend web2 { .host = "10.0.0.2"; .port = "8080"; }
sub vcl_init { new vdir = directors.round_robin(); vdir.add_backend(web1); vdir.add_backend(web2); }
sub vcl_recv { set req.backend_hint = vdir.backend(); }
`;
    const r = retargetVcl(src, o);
    expect(r.backends).toEqual([
      { name: 'web1', was: '10.0.0.1:8080', probe: false },
      { name: 'web2', was: '10.0.0.2:8080', probe: false },
    ]);
    expect(r.text).toContain('vdir.add_backend(web1); vdir.add_backend(web2);');
    expect(r.text.match(/\.host = "127\.0\.0\.1"; \.port = "9000";/g)).toHaveLength(2);
  });

  test('an IPv6 origin is written without brackets', () => {
    expect(retargetVcl('backend b { .host = "h"; }', { ...o, originHost: '[::1]' }).text).toContain('.host = "::1";');
  });
});

describe('retargetVcl: probes', () => {
  test('inline probe: .url points at the health path, .expected_response dropped, the rest kept', () => {
    const src = 'backend b {\n  .host = "h";\n  .probe = {\n    .url = "/ping";\n    .expected_response = 204;\n    .interval = 5s;\n  }\n}';
    const r = retargetVcl(src, o);
    expect(r.text).toBe(`backend b { ${AT}\n  \n  .probe = { .url = "/__h";\n    \n    \n    .interval = 5s;\n  }\n}`);
    expect(r.backends).toEqual([{ name: 'b', was: 'h:80', probe: true }]);
  });

  test('a multi-line .request becomes the health URL, keeping the line count', () => {
    const src = 'probe p {\n  .request = "HEAD / HTTP/1.1"\n    "Host: x"\n    "Connection: close";\n  .timeout = 1s;\n}\nbackend b { .host = "h"; .probe = p; }';
    const r = retargetVcl(src, o);
    expect(lines(r.text)).toBe(lines(src));
    expect(r.text).not.toContain('.request');
    expect(r.text).toContain('probe p { .url = "/__h";');
    expect(r.text).toContain('.timeout = 1s;');
    expect(r.probes).toEqual(['p']);
    expect(r.backends[0]).toMatchObject({ probe: true });
  });
});

describe('retargetVcl: includes and prelude', () => {
  test('include strings go through the map; the prelude follows the version declaration on its line', () => {
    const src = '# head\nvcl 4.1;\ninclude "a.vcl";\ninclude "/abs/b.vcl";\nbackend b { .host = "h"; }\n';
    expect(listIncludes(src)).toEqual([
      { path: 'a.vcl', line: 3 },
      { path: '/abs/b.vcl', line: 4 },
    ]);
    const r = retargetVcl(src, { ...o, includes: new Map([['a.vcl', '/w/0-a.vcl']]), prelude: 'include "/w/outcome.vcl";' });
    // the version declaration is after a comment, not the first line: the prelude still lands after it
    expect(r.text.split('\n').slice(1, 4)).toEqual(['vcl 4.1; include "/w/outcome.vcl";', 'include "/w/0-a.vcl";', 'include "/abs/b.vcl";']);
    expect(r.hasVersion).toBe(true);
    expect(lines(r.text)).toBe(lines(src));
  });

  test('no version declaration: no prelude (varnishd will say the declaration is missing)', () => {
    const r = retargetVcl('backend b { .host = "h"; }', { ...o, prelude: 'include "x";' });
    expect(r.hasVersion).toBe(false);
    expect(r.text).not.toContain('include');
  });
});

describe('describeAddress', () => {
  test.each<[string | undefined, string | undefined, string | undefined, string]>([
    ['10.0.0.5', '8080', undefined, '10.0.0.5:8080'],
    ['10.0.0.5', undefined, undefined, '10.0.0.5:80'],
    ['a.example:81', '90', undefined, 'a.example:81'],
    ['2001:db8::1', '8080', undefined, '[2001:db8::1]:8080'],
    ['[2001:db8::1]:81', undefined, undefined, '[2001:db8::1]:81'],
    [undefined, undefined, '/run/s.sock', '/run/s.sock'],
  ])('%s %s %s -> %s', (host, port, path, expected) => {
    expect(describeAddress(host, port, path)).toBe(expected);
  });
});
