import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost } from './loopback.js';

const hostOf = (url: string) => new URL(url).hostname;

describe('isLoopbackHost (target URLs)', () => {
  it.each([
    ['http://127.0.0.1:8080/', true],
    ['http://127.255.3.4/', true],
    ['http://127.1/', true],
    ['http://localhost/', true],
    ['http://LOCALHOST./', true],
    ['http://api.localhost/', true],
    ['http://[::1]:80/', true],
    ['http://[0:0:0:0:0:0:0:1]/', true],
    ['http://[::ffff:127.0.0.1]/', true],
    ['http://10.0.0.1/', false],
    ['http://128.0.0.1/', false],
    ['http://0.0.0.0/', false],
    ['http://example.com/', false],
    ['http://localhost.example.com/', false],
    ['http://notlocalhost/', false],
    ['http://[::2]/', false],
    ['http://[::ffff:10.0.0.1]/', false],
  ])('%s -> %s', (url, expected) => {
    expect(isLoopbackHost(hostOf(url))).toBe(expected);
  });
});

describe('isLoopbackHost (bind hosts)', () => {
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['localhost', true],
    ['LOCALHOST', true],
    // the fake origin's own copy of this rule refused *.localhost, which the load generator accepted (RFC 6761)
    ['api.localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['example.com', false],
    ['', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('isLoopbackAddress (admin peer check)', () => {
  it.each<[string | undefined, boolean]>([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::FFFF:127.0.0.9', true],
    ['0:0:0:0:0:ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['10.0.0.1', false],
    ['192.168.1.20', false],
    ['128.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:a00:1', false],
    ['::2', false],
    ['fe80::1', false],
    ['0.0.0.0', false],
    ['localhost', false], // a peer address is never a name
    ['api.localhost', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});
