import { describe, expect, it } from 'vitest';
import { seededRng } from '@stampede/fake-backend';
import { EventQueue } from './event-queue.js';
import { OriginModel, type OriginModelConfig } from './origin-model.js';

/** Drives an origin with arrivals at the given times; returns each fetch's [status, answer time] by fetch id. */
function drive(config: OriginModelConfig, arrivalsMs: number[]): [number, number][] {
  const events = new EventQueue();
  const done: [number, number][] = [];
  const origin = new OriginModel(config, events, seededRng(1), {
    originDone: (id, status, atMs) => {
      done[id] = [status, atMs];
    },
  });
  let i = 0;
  while (i < arrivalsMs.length || !origin.idle) {
    const next = i < arrivalsMs.length ? (arrivalsMs[i] as number) : Number.POSITIVE_INFINITY;
    if (events.peekTime() <= next) {
      const t = events.pop();
      origin.handle(events.kind, events.id, t);
    } else {
      origin.arrive(i, next);
      i++;
    }
  }
  return done;
}

const base: OriginModelConfig = { concurrency: 1, queue: 1, queueTimeoutMs: 1000, serviceTime: { kind: 'constant', ms: 10 }, contention: 0 };

describe('OriginModel', () => {
  it.each([
    {
      name: 'one slot, one waiting place: the third arrival is refused at once, the waiter served FIFO',
      config: base,
      arrivals: [0, 1, 2],
      expected: [[200, 10], [200, 20], [503, 2]],
    },
    {
      name: 'a waiter past queueTimeoutMs gets 503 at its deadline',
      config: { ...base, queueTimeoutMs: 5 },
      arrivals: [0, 1],
      expected: [[200, 10], [503, 6]],
    },
    {
      name: 'no waiting room: an M/D/c/c loss system',
      config: { ...base, concurrency: 2, queue: 0 },
      arrivals: [0, 1, 2, 10, 11],
      expected: [[200, 10], [200, 11], [503, 2], [200, 20], [200, 21]],
    },
    {
      // contention 1 with 2 slots: the first starts with 1 busy (x1.5), the second with 2 (x2)
      name: 'contention slows service by inflight / concurrency at its start',
      config: { ...base, concurrency: 2, contention: 1 },
      arrivals: [0, 0],
      expected: [[200, 15], [200, 20]],
    },
  ])('$name', ({ config, arrivals, expected }) => {
    expect(drive(config, arrivals)).toEqual(expected);
  });
});
