import { describe, expect, it } from 'vitest';
import { seededRng } from '@stampede/fake-backend';
import { EventQueue } from './event-queue.js';
import { NO_RESPONSE, OriginModel, type OriginModelConfig } from './origin-model.js';

type Act = [atMs: number, act: (origin: OriginModel, nowMs: number) => void];

/**
 * Drives an origin with arrivals at the given times (fetch id = index) and actions; at one instant: events, then
 * actions, then arrivals. Returns each fetch's [status, answer time] by fetch id ('-' when never answered).
 */
function drive(config: OriginModelConfig, arrivalsMs: number[], acts: Act[] = []): { done: ([number, number] | '-')[]; origin: OriginModel } {
  const events = new EventQueue();
  const done: ([number, number] | '-')[] = arrivalsMs.map(() => '-');
  const origin = new OriginModel(config, events, seededRng(1), {
    originDone: (id, status, atMs) => {
      done[id] = [status, atMs];
    },
  });
  let i = 0;
  let a = 0;
  while (i < arrivalsMs.length || a < acts.length || !origin.idle) {
    const next = i < arrivalsMs.length ? (arrivalsMs[i] as number) : Number.POSITIVE_INFINITY;
    const act = a < acts.length ? (acts[a] as Act)[0] : Number.POSITIVE_INFINITY;
    if (events.peekTime() <= Math.min(next, act)) {
      const t = events.pop();
      origin.handle(events.kind, events.id, t);
    } else if (act <= next) {
      (acts[a] as Act)[1](origin, act);
      a++;
    } else {
      origin.arrive(i, next);
      i++;
    }
  }
  return { done, origin };
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
    expect(drive(config, arrivals).done).toEqual(expected);
  });

  it.each<{ name: string; config: OriginModelConfig; arrivals: number[]; acts: Act[]; expected: ([number, number] | '-')[]; abandoned?: number; refused?: number }>([
    {
      name: 'pause 50 ms at 5: the service due at 10 completes at the resume (55), arrivals meanwhile queue or are refused',
      config: base,
      arrivals: [0, 1, 2, 20],
      acts: [[5, (o, t) => o.pause(50, t)]],
      expected: [[200, 55], [200, 65], [503, 2], [503, 20]],
    },
    {
      name: 'a waiter still times out during a pause',
      config: { ...base, queueTimeoutMs: 30 },
      arrivals: [0, 1],
      acts: [[5, (o, t) => o.pause(100, t)]],
      expected: [[200, 105], [503, 31]],
    },
    {
      name: 'down at 5, up at 30: in service and waiting get no response at 5, arrivals meanwhile are refused',
      config: base,
      arrivals: [0, 1, 10, 40],
      acts: [[5, (o, t) => o.down(t)], [30, (o) => o.up()]],
      expected: [[NO_RESPONSE, 5], [NO_RESPONSE, 5], [NO_RESPONSE, 10], [200, 50]],
      abandoned: 2,
      refused: 1,
    },
    {
      name: 'down with serveAbandoned: the waiter stays and is served in vain (10-20), delaying nobody after the up',
      config: { ...base, serveAbandoned: true },
      arrivals: [0, 1, 40],
      acts: [[5, (o, t) => o.down(t)], [30, (o) => o.up()]],
      expected: [[NO_RESPONSE, 5], [NO_RESPONSE, 5], [200, 50]],
      abandoned: 2,
      refused: 0,
    },
    {
      name: 'origin-capacity: 1 -> 3 slots at 5 starts both waiters at once',
      config: { ...base, queue: 5 },
      arrivals: [0, 0, 0],
      acts: [[5, (o, t) => o.configure({ concurrency: 3 }, t)]],
      expected: [[200, 10], [200, 15], [200, 15]],
    },
    {
      name: 'origin-slowdown: a service starting after the change takes the new time',
      config: base,
      arrivals: [0, 6],
      acts: [[5, (o, t) => o.configure({ serviceTime: { kind: 'constant', ms: 40 } }, t)]],
      expected: [[200, 10], [200, 50]],
    },
    {
      name: 'an abandoned waiter leaves the queue at once: its place goes to the next arrival, nothing is reported for it',
      config: base,
      arrivals: [0, 1, 2, 6],
      acts: [[5, (o) => o.abandon(1)]],
      expected: [[200, 10], '-', [503, 2], [200, 20]],
      abandoned: 1,
    },
    {
      name: 'an abandoned fetch in service holds its slot to the end, in vain',
      config: base,
      arrivals: [0, 1],
      acts: [[5, (o) => o.abandon(0)]],
      expected: ['-', [200, 20]],
      abandoned: 1,
    },
  ])('$name', ({ config, arrivals, acts, expected, abandoned, refused }) => {
    const { done, origin } = drive(config, arrivals, acts);
    expect(done).toEqual(expected);
    if (abandoned !== undefined) expect(origin.abandoned).toBe(abandoned);
    if (refused !== undefined) expect(origin.refused).toBe(refused);
  });
});
