import { describe, expect, it } from 'vitest';
import { seededRng } from '@stampede/fake-backend';
import { permutedDraws } from './permuted-draws.js';

/** 0, 1, 2, ... as the "sequence", so the test reads which position each start got */
function counter(): () => number {
  let i = 0;
  return () => i++;
}

describe('permutedDraws', () => {
  it('hands the sequence out in order while no fetch waits (one contender)', () => {
    const draws = permutedDraws(counter(), seededRng(1), () => 1);
    expect(Array.from({ length: 6 }, draws)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('with fetches waiting, each start takes one of the next `contenders` draws: the same draws, another order', () => {
    const draws = permutedDraws(counter(), seededRng(7), () => 4);
    const got = Array.from({ length: 40 }, draws);
    // every start takes a draw within the window ahead of it, and none is handed out twice
    got.forEach((d, i) => expect(d).toBeLessThan(i + 4));
    expect(new Set(got).size).toBe(40);
    expect(got).not.toEqual([...got].sort((a, b) => a - b));
    // the draws passed over are among the next ones: the first 37 starts used up 0..36 except at most 3 held back
    expect(got.filter((d) => d < 37).length).toBeGreaterThanOrEqual(34);
  });

  it('once the queue is gone, the draws passed over come first, in order, and the sequence carries on aligned', () => {
    let waiting = 3;
    const draws = permutedDraws(counter(), seededRng(3), () => 1 + waiting);
    const shuffled = Array.from({ length: 8 }, draws);
    waiting = 0;
    const after = Array.from({ length: 6 }, draws);
    const all = [...shuffled, ...after];
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 14 }, (_, i) => i));
    const heldBack = after.slice(0, 3);
    expect(heldBack).toEqual([...heldBack].sort((a, b) => a - b));
    expect(after.slice(3)).toEqual([11, 12, 13]);
  });
});
