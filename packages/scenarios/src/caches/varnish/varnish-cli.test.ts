import { describe, expect, test } from 'vitest';
import { banExactArgs, banRegexArgs, cliQuote, parseBackendHealth, parseListenPort, parseVarnishstat, parseVarnishVersion, regexWithoutWhitespace } from './varnish-cli.js';

describe('varnish CLI arguments', () => {
  test.each([
    ['^/a', '"^/a"'],
    ['a"b', '"a\\"b"'],
    ['\\.css$', '"\\\\.css$"'],
  ])('cliQuote(%j) = %s', (input, expected) => {
    expect(cliQuote(input)).toBe(expected);
  });

  test.each([
    ['^/a b', '^/a\\x{20}b'],
    ['^/a\\ b', '^/a\\x{20}b'],
    ['[ \\t]', '[\\x{20}\\t]'],
    ['^/a\\\\ b', '^/a\\\\\\x{20}b'],
    ['x\ny', 'x\\x{a}y'],
  ])('regexWithoutWhitespace(%j) = %j', (input, expected) => {
    expect(regexWithoutWhitespace(input)).toBe(expected);
  });

  test('ban arguments', () => {
    expect(banRegexArgs('^/items/ 1')).toEqual(['ban', 'req.url', '~', '"^/items/\\\\x{20}1"']);
    expect(banExactArgs('/a?b="c"')).toEqual(['ban', 'req.url', '==', '"/a?b=\\"c\\""']);
  });

  test('parsers', () => {
    expect(parseListenPort('a0 127.0.0.1 41234\n')).toBe(41234);
    expect(parseListenPort('Child not running\n')).toBeUndefined();
    expect(
      parseVarnishstat(JSON.stringify({ version: 1, timestamp: 't', counters: { 'MAIN.cache_hit': { value: 3 }, 'MAIN.x': { description: 'no value' } } })),
    ).toEqual({ 'MAIN.cache_hit': 3 });
    expect(parseVarnishstat(JSON.stringify({ timestamp: 't', 'MAIN.cache_miss': { value: 2 } }))).toEqual({ 'MAIN.cache_miss': 2 });
    expect(parseVarnishVersion('varnishd (varnish-7.1.1 revision 7cee1c581bead20e88d101ab3d72afb29f14d87a)')).toBe('varnish/7.1.1');
  });

  test('parseBackendHealth: backend.list (Varnish 7.1) -> name -> healthy', () => {
    const out = [
      '',
      'Backend name   Admin      Probe    Health     Last change',
      'boot.a         healthy    0/0      healthy    Wed, 02 Dec 2026 13:36:04 GMT',
      'boot.b         probe      2/8      sick       Wed, 02 Dec 2026 13:36:04 GMT',
      'boot.c         sick       0/0      healthy    Wed, 02 Dec 2026 13:36:04 GMT',
      'boot.d         probe      3/5      healthy    Wed, 02 Dec 2026 13:22:38 GMT',
    ].join('\n');
    // the Health column (what the probes say), not Admin (a backend.set_health override)
    expect([...parseBackendHealth(out)]).toEqual([
      ['boot.a', true],
      ['boot.b', false],
      ['boot.c', true],
      ['boot.d', true],
    ]);
  });
});
