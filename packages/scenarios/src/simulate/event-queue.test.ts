import { describe, expect, it } from 'vitest';
import { createRng } from '@stampede/loadgen';
import { EventQueue } from './event-queue.js';

function drain(q: EventQueue): [number, number][] {
  const out: [number, number][] = [];
  while (q.size > 0) {
    const t = q.pop();
    out.push([t, q.id]);
  }
  return out;
}

describe('EventQueue', () => {
  it('pops in time order, ties in push order', () => {
    const q = new EventQueue();
    [[5, 0], [1, 1], [5, 2], [3, 3], [1, 4], [5, 5]].forEach(([t, id]) => q.push(t as number, 7, id as number));
    expect(drain(q)).toEqual([[1, 1], [1, 4], [3, 3], [5, 0], [5, 2], [5, 5]]);
    expect(q.kind).toBe(7);
  });

  it('matches a stable sort over many seeded events with repeated times, pushes interleaved with pops', () => {
    const rng = createRng(9);
    const q = new EventQueue();
    const all: [number, number][] = [];
    const popped: [number, number][] = [];
    for (let id = 0; id < 2000; id++) {
      const t = 1000 + Math.floor(rng() * 50);
      q.push(t, 0, id);
      all.push([t, id]);
      if (id % 3 === 0) {
        const pt = q.pop();
        popped.push([pt, q.id]);
      }
    }
    popped.push(...drain(q));
    // every event comes out once; the remainder after the interleaved pops is in (time, push order)
    expect([...popped].sort((a, b) => a[1] - b[1])).toEqual(all);
    const tail = popped.slice(667);
    expect(tail).toEqual([...tail].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it('is empty: peekTime and pop give Infinity', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(q.pop()).toBe(Number.POSITIVE_INFINITY);
  });
});
