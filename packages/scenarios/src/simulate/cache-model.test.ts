import { describe, expect, it } from 'vitest';
import { seededRng } from '@stampede/fake-backend';
import { CacheModel, HIT, MISS, STALE, type CacheModelConfig } from './cache-model.js';

type Step = ['req', number, number] | ['done', number, 200 | 503, number] | ['purge'];

/**
 * Plays requests and origin answers against a cache with a scripted origin (fetch ids in start order).
 * Returns the answers as "intended>at:status:outcome" and the fetches as "id:key".
 */
function play(config: Partial<CacheModelConfig>, steps: Step[]): { answers: string[]; fetches: string[] } {
  const answers: string[] = [];
  const fetches: string[] = [];
  const names = { [HIT]: 'HIT', [MISS]: 'MISS', [STALE]: 'STALE' };
  const cache = new CacheModel({ coalescing: true, graceS: 0, ttlS: 10, ttlJitterPct: 0, ...config }, seededRng(1), {
    response: (intendedMs, atMs, status, outcome) => answers.push(`${intendedMs}>${atMs}:${status}:${names[outcome]}`),
  });
  let lastKey = -1;
  cache.connect({ arrive: (id) => fetches.push(`${id}:${lastKey}`) });
  for (const s of steps) {
    if (s[0] === 'req') {
      lastKey = s[1];
      cache.request(s[1], s[2]);
    } else if (s[0] === 'done') cache.originDone(s[1], s[2], s[3]);
    else cache.purgeAll();
  }
  return { answers, fetches };
}

describe('CacheModel', () => {
  it.each<{ name: string; config: Partial<CacheModelConfig>; steps: Step[]; answers: string[]; fetches: string[] }>([
    {
      name: 'coalescing: one fetch per key, the initiator MISS, joiners HIT when it ends, then fresh hits',
      config: {},
      steps: [['req', 1, 0], ['req', 1, 5], ['req', 2, 6], ['done', 0, 200, 20], ['req', 1, 21], ['done', 1, 200, 30]],
      answers: ['0>20:200:MISS', '5>20:200:HIT', '21>21:200:HIT', '6>30:200:MISS'],
      fetches: ['0:1', '1:2'],
    },
    {
      name: 'no coalescing: every miss is its own fetch and a MISS',
      config: { coalescing: false },
      steps: [['req', 1, 0], ['req', 1, 5], ['done', 0, 200, 20], ['done', 1, 200, 25]],
      answers: ['0>20:200:MISS', '5>25:200:MISS'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'expiry at exactly fetch end + TTL (10 s): a miss from then on',
      config: {},
      steps: [['req', 1, 0], ['done', 0, 200, 10], ['req', 1, 10_009], ['req', 1, 10_010]],
      answers: ['0>10:200:MISS', '10009>10009:200:HIT'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'grace: STALE at once, one background fetch, a 503 from it keeps the stale copy',
      config: { graceS: 5 },
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 10_000], ['req', 1, 10_001], ['done', 1, 503, 10_050], ['req', 1, 10_060]],
      answers: ['0>0:200:MISS', '10000>10000:200:STALE', '10001>10001:200:STALE', '10060>10060:200:STALE'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      name: 'a 503 answers the initiator and the joiners 503 and stores nothing',
      config: {},
      steps: [['req', 1, 0], ['req', 1, 1], ['done', 0, 503, 5], ['req', 1, 6]],
      answers: ['0>5:503:MISS', '1>5:503:MISS'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'purge-all drops stored objects; a fetch in flight across it still stores and is joined',
      config: {},
      steps: [['req', 1, 0], ['done', 0, 200, 1], ['req', 2, 2], ['purge'], ['req', 1, 3], ['req', 2, 4], ['done', 1, 200, 9], ['req', 2, 10]],
      answers: ['2>9:200:MISS', '4>9:200:HIT', '0>1:200:MISS', '10>10:200:HIT'].sort(),
      fetches: ['0:1', '1:2', '2:1'],
    },
    {
      name: 'maxCount 2: the least recently used object is evicted',
      config: { maxCount: 2 },
      steps: [
        ['req', 1, 0], ['done', 0, 200, 0], ['req', 2, 1], ['done', 1, 200, 1],
        ['req', 1, 2], ['req', 3, 3], ['done', 2, 200, 3], ['req', 1, 4], ['req', 2, 5],
      ],
      answers: ['0>0:200:MISS', '1>1:200:MISS', '2>2:200:HIT', '3>3:200:MISS', '4>4:200:HIT'],
      fetches: ['0:1', '1:2', '2:3', '3:2'],
    },
  ])('$name', ({ config, steps, answers, fetches }) => {
    const r = play(config, steps);
    expect(r.fetches).toEqual(fetches);
    expect(r.answers.length === answers.length && [...r.answers].sort()).toEqual([...answers].sort());
  });

  it('TTL jitter spreads expiries as the fake backend does (whole seconds within +/- pct)', () => {
    const expiries = new Set<number>();
    // one cache, many keys: probe each key's expiry by requesting it every second
    const cache = new CacheModel({ coalescing: true, graceS: 0, ttlS: 100, ttlJitterPct: 10 }, seededRng(3), { response: () => undefined });
    let fetched = -1;
    cache.connect({ arrive: (id) => (fetched = id) });
    const expiryOf = new Map<number, number>();
    for (let key = 0; key < 50; key++) {
      cache.request(key, 0);
      cache.originDone(fetched, 200, 0);
    }
    for (let s = 1; s <= 120; s++) {
      for (let key = 0; key < 50; key++) {
        if (expiryOf.has(key)) continue;
        const before = fetched;
        cache.request(key, s * 1000);
        if (fetched !== before) expiryOf.set(key, s);
      }
    }
    for (const s of expiryOf.values()) {
      expiries.add(s);
      expect(s).toBeGreaterThanOrEqual(90);
      expect(s).toBeLessThanOrEqual(110);
    }
    expect(expiryOf.size).toBe(50);
    expect(expiries.size).toBeGreaterThan(5);
  });
});
