import { describe, expect, test } from 'vitest';
import { contentBody, fnv1a32 } from './content-body.js';

describe('contentBody', () => {
  test.each([0, 1, 5, 64, 1000, 4096])('exactly %d bytes', (n) => {
    expect(contentBody('key', 1, n)).toHaveLength(n);
  });

  test('same key and version -> same bytes; another key or version -> other bytes', () => {
    const a = contentBody('abc', 1, 256);
    expect(contentBody('abc', 1, 256)).toEqual(a);
    expect(contentBody('abd', 1, 256)).not.toEqual(a);
    expect(contentBody('abc', 2, 256)).not.toEqual(a);
    // a shorter body is a prefix of a longer one
    expect(contentBody('abc', 1, 100)).toEqual(a.subarray(0, 100));
  });

  test('starts with the key and version, then printable filler', () => {
    const text = contentBody('user%3A7', 4, 200).toString('latin1');
    expect(text.startsWith('user%3A7 v4\n')).toBe(true);
    expect(text.slice('user%3A7 v4\n'.length)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test('stable across releases (a cache test may compare stored bytes)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(contentBody('k', 1, 24).toString('latin1')).toMatchInlineSnapshot(`
      "k v1
      jOzVyGYD2YlrgIdLrxd"
    `);
  });
});
