import { describe, expect, it } from 'vitest';
import { seededRng } from '@stampede/fake-backend';
import { CacheModel, HIT, MISS, STALE, type CacheChange, type CacheModelConfig, type OriginFreshness } from './cache-model.js';
import { NO_RESPONSE, type OriginStatus } from './origin-model.js';

type Step =
  | ['req', number, number]
  | ['done', number, OriginStatus, number]
  | ['purge']
  | ['purgeKeys', number[]]
  | ['ban', RegExp]
  | ['restart', number]
  | ['reconf', CacheChange]
  | ['ttl', OriginFreshness]
  | ['warmBegin', number, number]
  | ['warm', number, number]
  | ['gone', number];

/**
 * Plays requests and origin answers against a cache with a scripted origin (fetch ids in start order).
 * Returns the answers as "intended>at:status:outcome" and the fetches as "id:key".
 */
function play(config: Partial<CacheModelConfig>, steps: Step[]): { answers: string[]; fetches: string[] } {
  const answers: string[] = [];
  const fetches: string[] = [];
  const names = { [HIT]: 'HIT', [MISS]: 'MISS', [STALE]: 'STALE' };
  const cache = new CacheModel({ coalescing: true, ttlS: 10, ttlJitterPct: 0, ...config }, seededRng(1), {
    // request ids are the intended times in these scripts
    response: (reqId, atMs, status, outcome) => answers.push(`${reqId}>${atMs}:${status}:${names[outcome]}`),
  });
  let lastKey = -1;
  cache.connect({ arrive: (id) => fetches.push(`${id}:${lastKey}`), abandon: () => undefined });
  for (const s of steps) {
    if (s[0] === 'req') {
      lastKey = s[1];
      cache.request(s[2], s[1], s[2]);
    } else if (s[0] === 'done') cache.originDone(s[1], s[2], s[3]);
    else if (s[0] === 'purge') cache.purgeAll();
    else if (s[0] === 'purgeKeys') cache.purgeKeys(s[1]);
    else if (s[0] === 'ban') {
      const re = s[1];
      cache.ban((key) => re.test(`/items/k${key + 1}`));
    } else if (s[0] === 'restart') cache.restartCold(s[1]);
    else if (s[0] === 'reconf') cache.reconfigure(s[1]);
    else if (s[0] === 'ttl') cache.setOriginFreshness(s[1]);
    else if (s[0] === 'warmBegin') cache.warmBegin(s[1], s[2]);
    else if (s[0] === 'gone') cache.abandon(s[1], s[1]);
    else {
      lastKey = s[1];
      cache.warmFetch(s[1], s[2]);
    }
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
      // ngx_http_file_cache_read: expired once valid_sec < ngx_time(), valid_sec = ngx_time() + max-age (whole seconds)
      name: 'nginx: expiry in whole seconds: stored at 0.4 s with max-age 10, fresh until 11 s (embedded: 10.4 s)',
      config: { mode: 'nginx' },
      steps: [['req', 1, 0], ['done', 0, 200, 400], ['req', 1, 10_999], ['req', 1, 11_000]],
      answers: ['0>400:200:MISS', '10999>10999:200:HIT'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'nginx: the whole seconds are the wall clock\'s: virtual 0 at epoch 0.5 s, stored at 0.4 s -> fresh until 10.5 s',
      config: { mode: 'nginx', epochMs: 500 },
      steps: [['req', 1, 0], ['done', 0, 200, 400], ['req', 1, 10_499], ['req', 1, 10_500]],
      answers: ['0>400:200:MISS', '10499>10499:200:HIT'],
      fetches: ['0:1', '1:1'],
    },
    {
      // verified on varnishd 7.1.1: max-age=1, a grace hit 1.5 s later, its background fetch answered 503 no-store;
      // the next request was a MISS that reached the origin, the one after it a HIT
      name: 'grace (varnish): STALE at once, one background fetch; its 503 becomes hit-for-miss, which hides the stale copy',
      config: { graceS: 5, mode: 'varnish' },
      steps: [
        ['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 10_000], ['req', 1, 10_001], ['done', 1, 503, 10_050],
        ['req', 1, 10_060], ['done', 2, 200, 10_100], ['req', 1, 10_101],
      ],
      answers: ['0>0:200:MISS', '10000>10000:200:STALE', '10001>10001:200:STALE', '10060>10100:200:MISS', '10101>10101:200:HIT'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      // verified on nginx 1.22.1, coalescing off: a client gone at 300 ms, the origin's 200 at 800 ms, the next MISS
      name: 'nginx: the client gone, its uncoalesced fetch runs to the end and stores nothing: the next request fetches again',
      config: { coalescing: false, mode: 'nginx', clientsMayLeave: true },
      steps: [['req', 1, 0], ['gone', 0], ['done', 0, 200, 50], ['req', 1, 60], ['done', 1, 200, 100], ['req', 1, 101]],
      answers: ['0>50:200:MISS', '60>100:200:MISS', '101>101:200:HIT'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'varnish: the client gone, its fetch runs to the end and stores the answer',
      config: { coalescing: false, mode: 'varnish', clientsMayLeave: true },
      steps: [['req', 1, 0], ['gone', 0], ['done', 0, 200, 50], ['req', 1, 60]],
      answers: ['0>50:200:MISS', '60>60:200:HIT'],
      fetches: ['0:1'],
    },
    {
      name: 'embedded: the client gone, its uncoalesced fetch is aborted: nothing answered, nothing stored',
      config: { coalescing: false, clientsMayLeave: true },
      steps: [['req', 1, 0], ['gone', 0], ['done', 0, 200, 50], ['req', 1, 60], ['done', 1, 200, 100]],
      answers: ['60>100:200:MISS'],
      fetches: ['0:1', '1:1'],
    },
    {
      // verified on varnishd 7.1.1 with hash_ignore_busy: a 200 stored, then a concurrent fetch's 503: next request MISS
      name: 'varnish: a 503 to a concurrent uncoalesced fetch hides the object another one stored, until a 200 replaces it',
      config: { coalescing: false, mode: 'varnish' },
      steps: [['req', 1, 0], ['req', 1, 1], ['done', 0, 200, 5], ['req', 1, 6], ['done', 1, 503, 7], ['req', 1, 8], ['done', 2, 200, 20], ['req', 1, 21]],
      answers: ['0>5:200:MISS', '6>6:200:HIT', '1>7:503:MISS', '8>20:200:MISS', '21>21:200:HIT'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      name: 'varnish: a TTL-0 answer to a grace refresh is hit-for-miss: the stale copy is hidden, and each request fetches on its own',
      config: { mode: 'varnish' },
      steps: [
        ['req', 1, 0], ['done', 0, 200, 0], ['reconf', { ttlOverrideS: 0 }], ['req', 1, 10_000], ['done', 1, 200, 10_050],
        ['req', 1, 10_060], ['req', 1, 10_061], ['done', 2, 200, 10_100],
      ],
      answers: ['0>0:200:MISS', '10000>10000:200:STALE', '10060>10100:200:MISS'],
      fetches: ['0:1', '1:1', '2:1', '3:1'],
    },
    {
      name: 'grace (embedded): a 503 from the background fetch says no-store and undici deletes the stale copy: then a miss',
      config: { graceS: 5 },
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 10_000], ['req', 1, 10_001], ['done', 1, 503, 10_050], ['req', 1, 10_060], ['done', 2, 200, 10_100]],
      answers: ['0>0:200:MISS', '10000>10000:200:STALE', '10001>10001:200:STALE', '10060>10100:200:MISS'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      name: 'embedded: a 503 to a concurrent uncoalesced fetch deletes the object another one stored',
      config: { coalescing: false },
      steps: [['req', 1, 0], ['req', 1, 1], ['done', 0, 200, 5], ['req', 1, 6], ['done', 1, 503, 7], ['req', 1, 8]],
      answers: ['0>5:200:MISS', '1>7:503:MISS', '6>6:200:HIT'],
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
    {
      name: 'purge-keys drops only the named keys',
      config: {},
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 2, 1], ['done', 1, 200, 1], ['purgeKeys', [1, 7]], ['req', 1, 2], ['req', 2, 3]],
      answers: ['0>0:200:MISS', '1>1:200:MISS', '3>3:200:HIT'],
      fetches: ['0:1', '1:2', '2:1'],
    },
    {
      name: 'ban drops the stored keys whose path matches (k10..k19 = keys 9..18)',
      config: {},
      steps: [
        ['req', 9, 0], ['done', 0, 200, 0], ['req', 18, 1], ['done', 1, 200, 1], ['req', 19, 2], ['done', 2, 200, 2],
        ['ban', /^\/items\/k1[0-9]$/], ['req', 9, 3], ['req', 18, 4], ['req', 19, 5],
      ],
      answers: ['0>0:200:MISS', '1>1:200:MISS', '2>2:200:MISS', '5>5:200:HIT'],
      fetches: ['0:9', '1:18', '2:19', '3:9', '4:18'],
    },
    {
      name: 'a cold restart: nothing stored, a fetch in flight is no longer joined but still answers its own and stores',
      config: {},
      steps: [
        ['req', 1, 0], ['done', 0, 200, 0], ['req', 2, 1], ['req', 2, 2], ['restart', 2],
        ['req', 1, 3], ['req', 2, 4], ['done', 1, 200, 5], ['req', 2, 6], ['done', 3, 200, 7], ['done', 2, 200, 8],
      ],
      answers: ['0>0:200:MISS', '1>5:200:MISS', '2>5:200:HIT', '6>6:200:HIT', '4>7:200:MISS', '3>8:200:MISS'],
      fetches: ['0:1', '1:2', '2:1', '3:2'],
    },
    {
      name: 'reload: coalescing off from now on, a fetch in flight is no longer joined',
      config: {},
      steps: [['req', 1, 0], ['reconf', { coalescing: false }], ['req', 1, 1], ['req', 1, 2], ['done', 0, 200, 5], ['done', 1, 200, 6], ['done', 2, 200, 7]],
      answers: ['0>5:200:MISS', '1>6:200:MISS', '2>7:200:MISS'],
      fetches: ['0:1', '1:1', '2:1'],
    },
    {
      name: 'reload: ttlOverrideS 0 stores nothing fetched afterwards; null gives the origin TTL back (10 s)',
      config: {},
      steps: [
        ['reconf', { ttlOverrideS: 0 }], ['req', 1, 0], ['done', 0, 200, 1], ['req', 1, 2], ['done', 1, 200, 3],
        ['reconf', { ttlOverrideS: null }], ['req', 1, 4], ['done', 2, 200, 5], ['req', 1, 10_004], ['req', 1, 10_005],
      ],
      answers: ['0>1:200:MISS', '2>3:200:MISS', '4>5:200:MISS', '10004>10004:200:HIT'],
      fetches: ['0:1', '1:1', '2:1', '3:1'],
    },
    {
      name: 'reload: an answer is stored under the configuration its fetch started in (before the TTL-0 deploy: 10 s; during it, ending after the rollback: revalidation-only)',
      config: {},
      steps: [
        ['req', 1, 0], ['reconf', { ttlOverrideS: 0 }], ['req', 2, 1], ['done', 0, 200, 5],
        ['reconf', { ttlOverrideS: null }], ['done', 1, 200, 6], ['req', 1, 7], ['req', 2, 8], ['done', 2, 200, 9],
      ],
      answers: ['0>5:200:MISS', '1>6:200:MISS', '7>7:200:HIT', '8>9:200:MISS'],
      fetches: ['0:1', '1:2', '2:2'],
    },
    {
      name: 'reload: grace set while a fetch is in flight does not apply to its answer',
      config: {},
      steps: [['req', 1, 0], ['reconf', { graceS: 5 }], ['done', 0, 200, 0], ['req', 1, 12_000], ['done', 1, 200, 12_050]],
      answers: ['0>0:200:MISS', '12000>12050:200:MISS'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'reload: maxCount lowered to 1 evicts the least recently used at once',
      config: {},
      steps: [['req', 1, 0], ['done', 0, 200, 0], ['req', 2, 1], ['done', 1, 200, 1], ['req', 1, 2], ['reconf', { maxCount: 1 }], ['req', 1, 3], ['req', 2, 4]],
      answers: ['0>0:200:MISS', '1>1:200:MISS', '2>2:200:HIT', '3>3:200:HIT'],
      fetches: ['0:1', '1:2', '2:2'],
    },
    {
      name: 'reload: grace 5 s for objects stored afterwards (STALE and one refresh past the 10 s TTL)',
      config: {},
      steps: [['reconf', { graceS: 5 }], ['req', 1, 0], ['done', 0, 200, 0], ['req', 1, 12_000], ['req', 1, 12_001], ['req', 1, 15_001]],
      // past the grace the request joins the refresh still in flight
      answers: ['0>0:200:MISS', '12000>12000:200:STALE', '12001>12001:200:STALE'],
      fetches: ['0:1', '1:1'],
    },
    {
      name: 'set-origin-ttl: a 1 s max-age with 30 s swr for responses produced afterwards; the object fetched before keeps 10 s',
      config: {},
      steps: [
        ['req', 1, 0], ['done', 0, 200, 0], ['ttl', { ttlS: 1, staleWhileRevalidateS: 30 }], ['req', 2, 0], ['done', 1, 200, 0],
        ['req', 1, 9_999], ['req', 2, 1_000], ['req', 1, 10_000],
      ],
      answers: ['0>0:200:MISS', '0>0:200:MISS', '9999>9999:200:HIT', '1000>1000:200:STALE'],
      fetches: ['0:1', '1:2', '2:2', '3:1'],
    },
    {
      name: 'a 502 (origin unreachable) answers the waiters and stores nothing',
      config: {},
      steps: [['req', 1, 0], ['req', 1, 1], ['done', 0, NO_RESPONSE, 2]],
      answers: ['0>2:502:MISS', '1>2:502:MISS'],
      fetches: ['0:1'],
    },
    {
      name: 'warm restart: live traffic keeps the old generation until the last warm fetch, then only warmed keys are stored',
      config: {},
      steps: [
        ['req', 5, 0], ['done', 0, 200, 0], ['req', 6, 0], ['warmBegin', 2, 0], ['warm', 1, 1], ['warm', 2, 2],
        ['req', 5, 3], ['done', 2, 200, 4], ['done', 3, 503, 5], ['req', 5, 6], ['req', 1, 7], ['done', 1, 200, 8], ['req', 6, 9],
      ],
      answers: ['3>3:200:HIT', '7>7:200:HIT', '0>0:200:MISS', '0>8:200:MISS'],
      fetches: ['0:5', '1:6', '2:1', '3:2', '4:5', '5:6'],
    },
  ])('$name', ({ config, steps, answers, fetches }) => {
    const r = play(config, steps);
    expect(r.fetches).toEqual(fetches);
    expect([...r.answers].sort()).toEqual([...answers].sort());
  });

  it('TTL jitter spreads expiries as the fake backend does (whole seconds within +/- pct)', () => {
    const expiries = new Set<number>();
    // one cache, many keys: probe each key's expiry by requesting it every second
    const cache = new CacheModel({ coalescing: true, graceS: 0, ttlS: 100, ttlJitterPct: 10 }, seededRng(3), { response: () => undefined });
    let fetched = -1;
    cache.connect({ arrive: (id) => (fetched = id), abandon: () => undefined });
    const expiryOf = new Map<number, number>();
    for (let key = 0; key < 50; key++) {
      cache.request(key, key, 0);
      cache.originDone(fetched, 200, 0);
    }
    for (let s = 1; s <= 120; s++) {
      for (let key = 0; key < 50; key++) {
        if (expiryOf.has(key)) continue;
        const before = fetched;
        cache.request(s * 1000 + key, key, s * 1000);
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
