import { describe, expect, it } from 'vitest';
import { findRawHeader, headerNameBytes } from './raw-header.js';

const raw = (...pairs: string[]) => pairs.map((s) => Buffer.from(s, 'latin1'));

describe('findRawHeader', () => {
  it.each([
    [raw('content-type', 'text/plain', 'X-Cache', 'HIT'), 'x-cache', 'HIT'],
    [raw('X-CACHE-STATUS', 'MISS', 'x-cache', 'HIT'), 'x-cache-status', 'MISS'],
    [raw('x-cache', 'STALE', 'x-cache', 'HIT'), 'X-Cache', 'STALE'],
    [raw('x-cachf', 'HIT'), 'x-cache', undefined],
    [raw('x-cache-status', 'HIT'), 'x-cache', undefined],
    [[], 'x-cache', undefined],
  ])('%#: finds %s case-insensitively', (headers, name, expected) => {
    const value = findRawHeader(headers, headerNameBytes(name));
    expect(value === undefined ? undefined : Buffer.from(value).toString('latin1')).toBe(expected);
  });
});
