import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './loopback.js';

const hostOf = (url: string) => new URL(url).hostname;

describe('isLoopbackHost', () => {
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
    ['http://[::2]/', false],
    ['http://[::ffff:10.0.0.1]/', false],
  ])('%s -> %s', (url, expected) => {
    expect(isLoopbackHost(hostOf(url))).toBe(expected);
  });
});
