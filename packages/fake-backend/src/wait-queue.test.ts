import { describe, expect, test } from 'vitest';
import { WaitQueue } from './wait-queue.js';

const drain = <T>(q: WaitQueue<T>) => {
  const out: T[] = [];
  for (let v = q.shift(); v !== undefined; v = q.shift()) out.push(v);
  return out;
};

describe('WaitQueue', () => {
  test('FIFO', () => {
    const q = new WaitQueue<number>();
    for (const v of [1, 2, 3]) q.push(v);
    expect(q.length).toBe(3);
    expect(q.peek()).toBe(1);
    expect(drain(q)).toEqual([1, 2, 3]);
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
  });

  test.each([
    ['head', 0, [2, 3, 4]],
    ['middle', 2, [1, 2, 4]],
    ['tail', 3, [1, 2, 3]],
  ])('remove the %s in O(1), order kept', (_name, index, rest) => {
    const q = new WaitQueue<number>();
    const nodes = [1, 2, 3, 4].map((v) => q.push(v));
    expect(q.remove(nodes[index]!)).toBe(true);
    expect(q.remove(nodes[index]!)).toBe(false);
    expect(q.length).toBe(3);
    q.push(5);
    expect(drain(q)).toEqual([...rest, 5]);
  });

  test('a shifted node cannot be removed again', () => {
    const q = new WaitQueue<string>();
    const n = q.push('a');
    q.push('b');
    q.shift();
    expect(q.remove(n)).toBe(false);
    expect(q.length).toBe(1);
    expect(drain(q)).toEqual(['b']);
  });
});
