import { describe, expect, it } from 'vitest';
import { erlangB, erlangC } from './erlang.js';
import { MODEL_VERSION } from './model-version.js';
import { simulateRun } from './simulate-run.js';
import { cached, distinctKeys, load, originOnly, stream } from './sim-test-support.js';

describe('simulateRun: origin against the Erlang formulas', () => {
  // loss system M/D/c/c: rejected fraction = Erlang B (insensitive to the service distribution)
  it.each([
    { c: 1, ratePerS: 100, serviceMs: 10, durationS: 200 }, // A = 1, B = 0.5
    { c: 5, ratePerS: 500, serviceMs: 8, durationS: 60 }, // A = 4, B = 0.199
    { c: 20, ratePerS: 1500, serviceMs: 10, durationS: 60 }, // A = 15, B = 0.046
  ])('c=$c, A=$ratePerS/s x $serviceMs ms, no queue: 503 fraction is Erlang B, utilisation A(1-B)/c', ({ c, ratePerS, serviceMs, durationS }) => {
    const r = simulateRun(originOnly(load({ ratePerS, durationS }), c, 0, { kind: 'constant', ms: serviceMs }));
    const a = (ratePerS * serviceMs) / 1000;
    const b = erlangB(c, a);
    const n = r.totals.origin.arrivals;
    const rejected = r.totals.origin.rejected503 / n;
    // 4 binomial standard errors (the blocking indicators are positively correlated, so add a little)
    const tol = 4 * Math.sqrt((b * (1 - b)) / n) + 0.005;
    expect(Math.abs(rejected - b)).toBeLessThan(tol);
    const utilisation = r.totals.busySlotMs / (c * r.totals.endMs);
    expect(Math.abs(utilisation - (a * (1 - b)) / c)).toBeLessThan(0.02);
    expect(r.totals.status['503']).toBe(r.totals.origin.rejected503);
  });

  it('M/D/c with an unbounded queue and no timeout: utilisation is lambda D / c, nothing rejected', () => {
    const c = 4;
    const r = simulateRun(originOnly(load({ ratePerS: 300, durationS: 60 }), c, 1_000_000, { kind: 'constant', ms: 10 }));
    expect(r.totals.origin.rejected503).toBe(0);
    expect(Math.abs(r.totals.busySlotMs / (c * r.totals.endMs) - 0.75)).toBeLessThan(0.02);
  });

  it('M/M/c with an unbounded queue: the fraction that waits is Erlang C', () => {
    const c = 4;
    const r = simulateRun(originOnly(load({ ratePerS: 300, durationS: 120 }), c, 1_000_000, { kind: 'exponential', meanMs: 10 }));
    const pWait = r.totals.origin.queuedArrivals / r.totals.origin.arrivals;
    expect(Math.abs(pWait - erlangC(c, 3))).toBeLessThan(0.03);
    expect(Math.abs(r.totals.busySlotMs / (c * r.totals.endMs) - 0.75)).toBeLessThan(0.02);
  });

  it('a full waiting room answers 503 at once and a waiter past queueTimeoutMs gets 503', () => {
    // rate 200/s constant (every 5 ms), one slot of 50 ms, 2 waiting, 20 ms timeout
    const l = load({ arrival: 'constant', ratePerS: 200, durationS: 1 });
    const spec = originOnly(l, 1, 2, { kind: 'constant', ms: 50 });
    const r = simulateRun({ ...spec, origin: { ...spec.origin, queueTimeoutMs: 20 } });
    expect(r.totals.origin.arrivals).toBe(200);
    // services start at 0, 50, ..., 1000 (the last one: the waiter that arrived at 990, 10 ms before), each 503
    // otherwise: at once when 2 wait, or after 20 ms of waiting
    expect(r.totals.origin.served).toBe(21);
    expect(r.totals.origin.rejected503).toBe(179);
    expect(r.totals.origin.queuedArrivals).toBeGreaterThan(21);
  });
});

describe('simulateRun: cache', () => {
  it('a cold cache over Zipf keys: misses = origin fetches = distinct keys in the same seeded stream', () => {
    const l = load({ keys: 10_000, distribution: { kind: 'zipf', s: 1 }, ratePerS: 2000, durationS: 10, workers: 2 });
    const reqs = stream(l);
    const distinct = distinctKeys(reqs, 0, Number.POSITIVE_INFINITY);
    const r = simulateRun(cached(l, 20, { coalescing: true }));
    expect(r.totals.sent).toBe(reqs.length);
    expect(r.totals.cache.miss).toBe(distinct);
    expect(r.totals.origin.arrivals).toBe(distinct);
    expect(r.totals.cache.hit).toBe(reqs.length - distinct);
    expect(distinct).toBeGreaterThan(1000);
    expect(distinct).toBeLessThan(reqs.length);
  });

  it('a coalesced global purge: one origin fetch per distinct key requested after it', () => {
    const l = load({ keys: 200, ratePerS: 2000, durationS: 8, workers: 3 });
    const reqs = stream(l);
    const purgeMs = 5000;
    // every key is in the cache well before the purge, so no fetch is in flight across it
    expect(distinctKeys(reqs, 0, purgeMs - 500)).toBe(distinctKeys(reqs, 0, purgeMs));
    const r = simulateRun(cached(l, 30, { coalescing: true }, [{ at: purgeMs / 1000, action: 'purge-all' }]));
    const before = distinctKeys(reqs, 0, purgeMs);
    const after = distinctKeys(reqs, purgeMs, Number.POSITIVE_INFINITY);
    expect(r.totals.origin.arrivals).toBe(before + after);
    expect(r.series[5]?.origin.arrivals).toBe(distinctKeys(reqs, purgeMs, 6000));
    expect(r.series[4]?.origin.arrivals).toBe(0);
  });

  it('an uncoalesced global purge: one origin fetch per request arriving while its key is being fetched', () => {
    const l = load({ keys: 200, ratePerS: 2000, durationS: 8, workers: 3 });
    const reqs = stream(l);
    const purgeMs = 5000;
    const serviceMs = 30;
    // replay: a key's first request after a (cold or purged) start fetches; every request in the next serviceMs does too
    const fetches = (fromMs: number, toMs: number): number => {
      const doneAt = new Map<number, number>();
      let n = 0;
      for (const { atMs, key } of reqs) {
        if (atMs < fromMs || atMs >= toMs) continue;
        const done = doneAt.get(key);
        if (done === undefined) doneAt.set(key, atMs + serviceMs);
        if (done === undefined || atMs < done) n++;
      }
      return n;
    };
    const r = simulateRun(cached(l, serviceMs, { coalescing: false }, [{ at: purgeMs / 1000, action: 'purge-all' }]));
    const expected = fetches(0, purgeMs) + fetches(purgeMs, Number.POSITIVE_INFINITY);
    expect(r.totals.origin.arrivals).toBe(expected);
    expect(expected).toBeGreaterThan(2 * 200 + 50); // the stampede is visible
    expect(r.totals.cache.miss).toBe(expected);
  });

  // embedded: with deduplicate() one background fetch; with cache() alone one per stale request (NOTES-caches.md)
  it.each([true, false])('grace (coalescing %s): an expired hot key is refreshed in the background, requests meanwhile are STALE', (coalescing) => {
    // one key at 1024 req/s (exact times), TTL 1 s, 10 s grace, 50 ms fetches, 2 s: fetched at 0, expires at 1050
    const l = load({ arrival: 'constant', ratePerS: 1024, durationS: 2, keys: 1 });
    const reqs = stream(l);
    const spec = cached(l, 50, { coalescing, grace: { seconds: 10 } }, [], 1);
    const r = simulateRun(spec);
    const varnish = simulateRun({ ...spec, cacheMode: 'varnish' });
    const firstStale = reqs.find((q) => q.atMs >= 1050)?.atMs as number;
    const stale = reqs.filter((q) => q.atMs >= firstStale && q.atMs < firstStale + 50).length;
    const coldMisses = reqs.filter((q) => q.atMs < 50).length;
    expect(r.totals.origin.arrivals).toBe(coalescing ? 2 : coldMisses + stale);
    expect(r.totals.cache.stale).toBe(stale);
    expect(stale).toBeGreaterThan(40);
    expect(r.totals.cache.miss).toBe(coalescing ? 1 : coldMisses);
    expect(r.totals.cache.hit + r.totals.cache.miss + r.totals.cache.stale).toBe(reqs.length);
    // Varnish too: one background fetch per object in grace, or with hash_ignore_busy one per grace hit
    expect(varnish.totals.origin.arrivals).toBe(coalescing ? 2 : coldMisses + stale);
    expect(varnish.totals.cache.stale).toBe(stale);
  });

  it('without grace the embedded cache revalidates the expired key (one conditional fetch), deletes it, then fetches it in full', () => {
    // undici keeps an entry with an ETag one more lifetime: the first request after expiry revalidates it (304),
    // the requests meanwhile share that fetch (the revalidating one is REVALIDATED, a miss; those sharing it get the
    // stored copy marked stale: STALE); the 304 deletes the entry; the next request fetches it in full and the ones
    // meanwhile are coalesced HITs
    const l = load({ arrival: 'constant', ratePerS: 1024, durationS: 2, keys: 1 });
    const reqs = stream(l);
    const r = simulateRun(cached(l, 50, { coalescing: true, grace: false }, [], 1));
    const firstExpired = reqs.find((q) => q.atMs >= 1050)?.atMs as number;
    const revalidated = reqs.filter((q) => q.atMs >= firstExpired && q.atMs < firstExpired + 50).length;
    expect(r.totals.origin.arrivals).toBe(3);
    expect(r.totals.cache.stale).toBe(revalidated - 1);
    expect(r.totals.cache.miss).toBe(1 + 1 + 1);
    // Varnish (grace off) and nginx have no such window: one refetch
    expect(simulateRun({ ...cached(l, 50, { coalescing: true, grace: false }, [], 1), cacheMode: 'varnish' }).totals.origin.arrivals).toBe(2);
  });

  it('a hot key expiring with coalescing on and no grace set: revalidate + refetch (embedded), default grace (varnish), no lock (nginx)', () => {
    // one key at 1024 req/s (exact times), TTL 1 s, 50 ms fetches: fetched at 0, expires at 1050
    const l = load({ arrival: 'constant', ratePerS: 1024, durationS: 2, keys: 1 });
    const reqs = stream(l);
    const spec = cached(l, 50, { coalescing: true }, [], 1);
    const firstExpired = reqs.find((q) => q.atMs >= 1050)?.atMs as number;
    // the requests while the first refetch runs
    const expiry = reqs.filter((q) => q.atMs >= firstExpired && q.atMs < firstExpired + 50).length;
    const embedded = simulateRun(spec);
    expect(embedded.totals.origin.arrivals).toBe(3);
    expect(embedded.totals.cache.stale).toBe(expiry - 1);
    // varnish: default_grace 10 s, so the expired key is served stale while one background fetch runs
    const varnish = simulateRun({ ...spec, cacheMode: 'varnish' });
    expect(varnish.totals.origin.arrivals).toBe(2);
    expect(varnish.totals.cache.stale).toBe(expiry);
    // nginx: the lock covers the cold miss (its waiters poll every 500 ms) but not the expired entry; expiry counts
    // in whole seconds, so the key stored at 50 ms with max-age 1 is fresh until 2 s (a 3 s run to see it expire)
    const l3 = load({ arrival: 'constant', ratePerS: 1024, durationS: 3, keys: 1 });
    const reqs3 = stream(l3);
    const nginx = simulateRun({ ...cached(l3, 50, { coalescing: true }, [], 1), cacheMode: 'nginx' });
    const nginxExpired = reqs3.find((q) => q.atMs >= 2000)?.atMs as number;
    const nginxExpiry = reqs3.filter((q) => q.atMs >= nginxExpired && q.atMs < nginxExpired + 50).length;
    expect(nginxExpiry).toBeGreaterThan(40);
    expect(nginx.totals.origin.arrivals).toBe(1 + nginxExpiry);
    expect(nginx.totals.cache.miss).toBe(1 + nginxExpiry);
    expect(nginx.series[0]?.latencyMs.max).toBeGreaterThan(450);
    expect(embedded.series[0]?.latencyMs.max).toBeLessThanOrEqual(50);
  });

  it("nginx: the system clock's whole seconds fall where wallClockOffsetMs puts them", () => {
    // one key every 100 ms for 3 s, 1 ms fetches, max-age 1: stored in the system clock's second 0, it is fresh until
    // that clock reads 2 s: virtual 2000 with the clocks equal, 1500 with the system clock 500 ms ahead (then stored
    // in its second 2, fresh past the run's end)
    const l = load({ arrival: 'constant', ratePerS: 10, durationS: 3, keys: 1 });
    const spec = { ...cached(l, 1, { coalescing: true }, [], 1), cacheMode: 'nginx' as const };
    const arrivals = (offset?: number) =>
      simulateRun({ ...spec, ...(offset === undefined ? {} : { wallClockOffsetMs: offset }) }).series.map((b) => b.origin.arrivals);
    expect(arrivals()).toEqual([1, 0, 1]);
    expect(arrivals(500)).toEqual([1, 1, 0]);
    // the other caches count ms: no offset moves them
    expect(simulateRun({ ...spec, cacheMode: 'varnish', cache: { coalescing: true, grace: false }, wallClockOffsetMs: 500 }).series.map((b) => b.origin.arrivals)).toEqual([1, 1, 1]);
  });

  it('maxCount evicts the least recently used objects', () => {
    const l = load({ keys: 1000, ratePerS: 2000, durationS: 5 });
    const r = simulateRun(cached(l, 5, { coalescing: true, maxCount: 100 }));
    const reqs = stream(l);
    expect(r.totals.evictions).toBe(r.totals.origin.arrivals - 100);
    // uniform over 1000 keys with 100 slots: about 10% hits
    expect(r.totals.cache.hit / reqs.length).toBeLessThan(0.15);
  });
});

describe('simulateRun: output', () => {
  it('buckets shaped like the run record series, and the same spec gives the same result', () => {
    const l = load({ keys: 500, distribution: { kind: 'zipf', s: 1.1 }, ratePerS: 3000, durationS: 6, intervalMs: 500, workers: 2 });
    const spec = cached(l, 20, { coalescing: true }, [{ at: 3, action: 'purge-all' }], 2);
    const r = simulateRun({ ...spec, t0Ms: 1_000_000 });
    expect(r.simulated).toBe(true);
    expect(r.modelVersion).toBe(MODEL_VERSION);
    expect(r.series).toHaveLength(12);
    expect(r.series[1]?.t).toBe(1_000_500);
    expect(r.series.reduce((s, p) => s + p.sent, 0)).toBe(r.totals.sent);
    expect(r.series.reduce((s, p) => s + p.origin.arrivals, 0)).toBe(r.totals.origin.arrivals);
    for (const p of r.series) {
      expect(p.status['2xx'] + p.status['503']).toBe(p.responses);
      expect(p.cache.hit + p.cache.miss + p.cache.stale).toBe(p.responses);
      expect(p.latencyMs.p50).toBeLessThanOrEqual(p.latencyMs.p99);
      expect(p.latencyMs.p99).toBeLessThanOrEqual(p.latencyMs.max);
    }
    // misses wait for a 20 ms fetch: the purge bucket's worst latency is about that
    expect(r.series[6]?.latencyMs.max).toBeCloseTo(20, 5);
    expect(simulateRun({ ...spec, t0Ms: 1_000_000 })).toEqual(r);
  });

  it('60 virtual seconds at 10k req/s over Zipf keys run in one call (speed sanity, not timed)', () => {
    const l = load({ keys: 100_000, distribution: { kind: 'zipf', s: 1 }, ratePerS: 10_000, durationS: 60, workers: 2 });
    const r = simulateRun(cached(l, 20, { coalescing: true }, [{ at: 30, action: 'purge-all' }], 10));
    expect(r.totals.sent).toBeGreaterThan(590_000);
    expect(r.totals.sent).toBeLessThan(610_000);
    expect(r.events).toBeGreaterThan(r.totals.sent);
  });
});
