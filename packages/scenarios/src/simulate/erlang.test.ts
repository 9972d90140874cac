import { describe, expect, it } from 'vitest';
import { erlangB, erlangC } from './erlang.js';

describe('erlangB / erlangC', () => {
  // closed forms for c <= 2 (B(1, A) = A / (1 + A), C(1, A) = A); the rest from the textbook sums
  // B = (A^c/c!) / sum_{k<=c} A^k/k! and C = (A^c/c! x c/(c-A)) / (sum_{k<c} A^k/k! + A^c/c! x c/(c-A))
  it.each([
    { c: 1, a: 1, b: 0.5, pWait: 1 },
    { c: 1, a: 0.5, b: 1 / 3, pWait: 0.5 },
    { c: 2, a: 1, b: 0.2, pWait: 1 / 3 },
    { c: 2, a: 2, b: 0.4, pWait: 1 },
    { c: 4, a: 3, b: 0.20611, pWait: 0.50943 },
    { c: 20, a: 15, b: 0.04559, pWait: 0.16043 },
  ])('c=$c A=$a: B=$b, C=$pWait', ({ c, a, b, pWait }) => {
    expect(erlangB(c, a)).toBeCloseTo(b, 4);
    expect(erlangC(c, a)).toBeCloseTo(pWait, 4);
  });

  it('no servers lose everything; no load loses nothing', () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(5, 0)).toBe(0);
  });
});
