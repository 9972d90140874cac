import { describe, expect, it } from 'vitest';
import { bucketWidthMs } from './bucket-width.js';

describe('bucketWidthMs', () => {
  it.each([
    { ts: [0, 1000, 2000], expected: 1000 },
    { ts: [0, 100, 300], expected: 100 },
    { ts: [0, 5000], expected: 5000 },
    { ts: [42], expected: 1000 },
    { ts: [], expected: 1000 },
  ])('$ts -> $expected', ({ ts, expected }) => {
    expect(bucketWidthMs(ts.map((t) => ({ t })))).toBe(expected);
  });
});
