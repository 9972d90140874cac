import { describe, expect, it } from 'vitest';
import { seededRng } from '@stampede/fake-backend';
import { CacheModel, HIT, MISS, STALE, type CacheModelConfig } from './cache-model.js';
import { CACHE_MODES, cacheBehaviour } from './cache-mode.js';
import { EventQueue } from './event-queue.js';
import { NO_RESPONSE, type OriginStatus } from './origin-model.js';

type Step =
  | ['req', number, number]
  | ['done', number, OriginStatus, number]
  | ['restart', number]
  | ['restart-warm', number]
  | ['warm', number, number];

/**
 * Plays requests (id = intended time) and scripted origin answers against a cache in one mode; the cache's own
 * timers (nginx's lock polls) fire in time order between the steps. Returns answers "id>at:status:outcome" and
 * fetches "fetchId:key" in start order.
 */
function play(config: Partial<CacheModelConfig> & Pick<CacheModelConfig, 'mode'>, steps: Step[]): { answers: string[]; fetches: string[] } {
  const answers: string[] = [];
  const fetches: string[] = [];
  const names = { [HIT]: 'HIT', [MISS]: 'MISS', [STALE]: 'STALE' };
  const events = new EventQueue();
  const cache = new CacheModel({ coalescing: true, ttlS: 10, ttlJitterPct: 0, ...config }, seededRng(1), {
    response: (reqId, atMs, status, outcome) => answers.push(`${reqId}>${atMs}:${status}:${names[outcome]}`),
  });
  const keys = new Map<number, number>();
  let lastKey = -1;
  cache.connect({ arrive: (id) => fetches.push(`${id}:${keys.get(id) ?? lastKey}`), abandon: (id) => fetches.push(`abandon:${id}`) }, events);
  const runUntil = (t: number): void => {
    while (events.size > 0 && events.peekTime() <= t) {
      const at = events.pop();
      cache.handle(events.kind, events.id, at);
    }
  };
  for (const s of steps) {
    const t = s[0] === 'done' ? s[3] : s[0] === 'restart-warm' || s[0] === 'restart' ? s[1] : s[2];
    runUntil(t);
    if (s[0] === 'req') {
      lastKey = s[1];
      cache.request(s[2], s[1], s[2]);
    } else if (s[0] === 'done') cache.originDone(s[1], s[2], s[3]);
    else if (s[0] === 'restart') cache.restartCold(s[1]);
    else if (s[0] === 'restart-warm') cache.warmBegin(1, s[1]);
    else {
      lastKey = s[1];
      cache.warmFetch(s[1], s[2]);
    }
  }
  runUntil(Number.POSITIVE_INFINITY);
  return { answers: answers.sort(), fetches };
}

interface Case {
  name: string;
  config: Partial<CacheModelConfig> & Pick<CacheModelConfig, 'mode'>;
  steps: Step[];
  answers: string[];
  fetches: string[];
}

describe('cache modes', () => {
  it('every mode has a behaviour', () => {
    expect(CACHE_MODES.map((m) => cacheBehaviour(m).mode)).toEqual(['embedded', 'varnish', 'nginx']);
  });

  it.each<Case>([
    {
      name: 'embedded: an expired key is revalidated (304: a miss; STALE for the requests sharing it) for one more lifetime, which deletes it; then fetched in full',
      config: { mode: 'embedded' },
      steps: [
        ['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 10_000], ['req', 1, 10_001], ['done', 1, 200, 10_050],
        ['req', 1, 10_060], ['done', 2, 200, 10_100], ['req', 1, 10_101], ['req', 1, 30_200],
      ],
      answers: ['0>0:200:MISS', '10000>10050:200:MISS', '10001>10050:200:STALE', '10060>10100:200:MISS', '10101>10101:200:HIT'],
      fetches: ['0:1', '1:1', '2:1', '3:1'],
    },
    {
      name: 'embedded: a revalidation answered 503 (no-store) deletes the expired entry: the next request fetches in full',
      config: { mode: 'embedded' },
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 10_000], ['done', 1, 503, 10_050], ['req', 1, 10_060], ['done', 2, 200, 10_100], ['req', 1, 10_101]],
      answers: ['0>0:200:MISS', '10000>10050:503:MISS', '10060>10100:200:MISS', '10101>10101:200:HIT'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      name: 'embedded: ttlOverrideS 0 stores revalidation-only entries (undici, an ETag): each use revalidates, the 304 deletes, the next fetches',
      config: { mode: 'embedded', ttlOverrideS: 0 },
      steps: [['req', 1, 0], ['done', 0, 200, 5], ['req', 1, 6], ['req', 1, 7], ['done', 1, 200, 10], ['req', 1, 11], ['done', 2, 200, 15], ['req', 1, 86_400_100]],
      answers: ['0>5:200:MISS', '11>15:200:MISS', '6>10:200:MISS', '7>10:200:STALE'],
      // the entry of 15 ms outlives a day's retention: the last request fetches in full, unanswered here
      fetches: ['0:1', '1:1', '2:1', '3:1'],
    },
    {
      name: 'embedded: origin unreachable is a 502 for the fetcher and the requests sharing it',
      config: { mode: 'embedded' },
      steps: [['req', 1, 0], ['req', 1, 1], ['done', 0, NO_RESPONSE, 2]],
      answers: ['0>2:502:MISS', '1>2:502:MISS'],
      fetches: ['0:1'],
    },
    {
      name: 'embedded: a 503 is shared by the coalesced requests (deduplicate shares the response)',
      config: { mode: 'embedded' },
      steps: [['req', 1, 0], ['req', 1, 1], ['done', 0, 503, 2]],
      answers: ['0>2:503:MISS', '1>2:503:MISS'],
      fetches: ['0:1'],
    },
    {
      name: 'varnish: default_grace 10 s when neither cache nor origin sets one (STALE at 12 s, a miss past 20 s)',
      config: { mode: 'varnish' },
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 12_000], ['req', 1, 12_001], ['done', 1, 200, 12_050], ['req', 1, 40_000]],
      answers: ['0>0:200:MISS', '12000>12000:200:STALE', '12001>12001:200:STALE'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      name: 'varnish: a 503 makes the key hit-for-miss: the parked request and later misses each fetch on their own',
      config: { mode: 'varnish' },
      steps: [
        ['req', 1, 0], ['req', 1, 1], ['done', 0, 503, 5], ['req', 1, 6], ['done', 1, 200, 9], ['done', 2, 200, 10], ['req', 1, 11],
      ],
      answers: ['0>5:503:MISS', '1>9:200:MISS', '6>10:200:MISS', '11>11:200:HIT'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      name: 'varnish: ttlOverrideS 0 (ttl <= 0) is uncacheable and hit-for-miss too: no coalescing',
      config: { mode: 'varnish', ttlOverrideS: 0 },
      steps: [['req', 1, 0], ['req', 1, 1], ['done', 0, 200, 5], ['req', 1, 6], ['done', 1, 200, 7], ['done', 2, 200, 8]],
      answers: ['0>5:200:MISS', '1>7:200:MISS', '6>8:200:MISS'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      name: 'varnish: origin unreachable is a 503 (backend fetch failed)',
      config: { mode: 'varnish' },
      steps: [['req', 1, 0], ['done', 0, NO_RESPONSE, 1]],
      answers: ['0>1:503:MISS'],
      fetches: ['0:1'],
    },
    {
      name: 'varnish: a warm restart empties the cache at once, the warm request goes through it and is joined',
      config: { mode: 'varnish' },
      steps: [
        ['req', 1, 0], ['done', 0, 200, 0], ['restart-warm', 1], ['req', 1, 202], ['warm', 2, 203], ['req', 2, 204],
        ['done', 1, 200, 206], ['done', 2, 200, 207],
      ],
      answers: ['0>0:200:MISS', '202>206:200:MISS', '204>207:200:HIT'],
      fetches: ['0:1', '1:1', '2:2'],
    },
    {
      name: 'varnish: a restart takes the cache away 200 ms: the requests in flight fail (status 0: connError), the fetch is abandoned, the requests until it serves fail too',
      config: { mode: 'varnish' },
      steps: [
        ['req', 1, 0], ['req', 1, 10], ['restart', 50], ['done', 0, 200, 60], ['req', 1, 100], ['req', 1, 249],
        ['req', 1, 250], ['done', 1, 200, 300], ['req', 1, 310],
      ],
      answers: ['0>50:0:MISS', '10>50:0:MISS', '100>100:0:MISS', '249>249:0:MISS', '250>300:200:MISS', '310>310:200:HIT'],
      fetches: ['0:1', 'abandon:0', '1:1'],
    },
    {
      name: 'nginx: a restart takes the cache away 50 ms; a request waiting on the lock fails with the one holding it',
      config: { mode: 'nginx' },
      steps: [['req', 1, 0], ['req', 1, 5], ['restart', 10], ['req', 1, 59], ['req', 1, 60], ['done', 1, 200, 100], ['req', 1, 200]],
      answers: ['0>10:0:MISS', '5>10:0:MISS', '59>59:0:MISS', '60>100:200:MISS', '200>200:200:HIT'],
      fetches: ['0:1', 'abandon:0', '1:1'],
    },
    {
      name: 'embedded: a restart takes no time; the fetch in flight still answers its own',
      config: { mode: 'embedded' },
      steps: [['req', 1, 0], ['restart', 10], ['req', 1, 11], ['done', 0, 200, 20], ['done', 1, 200, 30]],
      answers: ['0>20:200:MISS', '11>30:200:MISS'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'nginx: the lock coalesces a new entry, the waiter sees it at its next 500 ms poll',
      config: { mode: 'nginx' },
      steps: [['req', 1, 0], ['req', 1, 100], ['done', 0, 200, 200]],
      answers: ['0>200:200:MISS', '100>600:200:HIT'],
      fetches: ['0:1'],
    },
    {
      name: 'nginx: after the 5 s lock timeout the waiter fetches on its own, uncached',
      config: { mode: 'nginx' },
      steps: [['req', 1, 0], ['req', 1, 100], ['done', 1, 200, 5200], ['req', 1, 5300], ['done', 0, 200, 9000], ['req', 1, 9001]],
      answers: ['0>9000:200:MISS', '100>5200:200:MISS', '5300>9300:200:HIT', '9001>9001:200:HIT'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'nginx: an expired entry is not covered by the lock (every request fetches) and an error serves it stale',
      config: { mode: 'nginx' },
      // stored in second 0 with max-age 10: expired from 11 s (whole seconds)
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 11_000], ['req', 1, 11_001], ['done', 1, 503, 11_050], ['done', 2, NO_RESPONSE, 11_060]],
      answers: ['0>0:200:MISS', '11000>11050:200:STALE', '11001>11060:200:STALE'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      name: 'nginx: grace false serves no stale on error',
      config: { mode: 'nginx', graceS: 0 },
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 11_000], ['done', 1, 503, 11_050]],
      answers: ['0>0:200:MISS', '11000>11050:503:MISS'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'nginx: grace {seconds} is `updating`: an entry however old is served stale while one update runs',
      config: { mode: 'nginx', graceS: 5 },
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 100_000], ['req', 1, 100_001], ['done', 1, 200, 100_050], ['req', 1, 100_051]],
      answers: ['0>0:200:MISS', '100000>100000:200:STALE', '100001>100001:200:STALE', '100051>100051:200:HIT'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'nginx: under ttlOverrideS the origin stale-while-revalidate is ignored (a miss, not STALE)',
      config: { mode: 'nginx', ttlOverrideS: 10, staleWhileRevalidateS: 30 },
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 12_000], ['done', 1, 200, 12_010]],
      answers: ['0>0:200:MISS', '12000>12010:200:MISS'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'nginx: the origin stale-while-revalidate (no grace set) gives STALE and one background update',
      config: { mode: 'nginx', staleWhileRevalidateS: 30 },
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 12_000], ['req', 1, 12_001], ['req', 1, 41_000]],
      answers: ['0>0:200:MISS', '12000>12000:200:STALE', '12001>12001:200:STALE'],
      fetches: ['0:1', '1:1', '2:1'],
    },
  ])('$name', ({ config, steps, answers, fetches }) => {
    const r = play(config, steps);
    expect(r.fetches).toEqual(fetches);
    expect(r.answers).toEqual([...answers].sort());
  });
});
