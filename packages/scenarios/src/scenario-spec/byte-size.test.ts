import { describe, expect, it } from 'vitest';
import { parseByteSize } from './byte-size.js';

describe('parseByteSize', () => {
  it.each([
    [4096, 4096],
    ['64m', 64 * 1024 ** 2],
    ['64MB', 64 * 1024 ** 2],
    ['64MiB', 64 * 1024 ** 2],
    ['512k', 512 * 1024],
    ['1g', 1024 ** 3],
    ['100', 100],
    ['1.5k', 1536],
  ])('%j -> %d bytes', (input, bytes) => {
    expect(parseByteSize(input)).toEqual({ ok: true, bytes });
  });

  it.each([['lots'], [-1], [1.5], ['64x'], [{}]])('%j is refused with the expected form', (input) => {
    const r = parseByteSize(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain('a size like 64m, 512k, 1g');
  });
});
