import { describe, expect, it } from 'vitest';
import { simulateRun } from './simulate-run.js';
import { cached, load, originOnly, stream } from './sim-test-support.js';

/** distinct keys among the requests in [fromMs, toMs) that `pick` selects */
function distinct(reqs: { atMs: number; key: number }[], fromMs: number, toMs: number, pick: (key: number) => boolean): number {
  return new Set(reqs.filter((r) => r.atMs >= fromMs && r.atMs < toMs && pick(r.key)).map((r) => r.key)).size;
}

describe('TimelinePlayer in simulateRun', () => {
  // 200 keys at 2000 req/s: every key is cached well before 5 s, so nothing is in flight at the action
  const l = load({ keys: 200, ratePerS: 2000, durationS: 8, workers: 2 });
  const reqs = stream(l);
  const all = (): boolean => true;

  it('ban: one coalesced fetch per banned key requested after it, none for the others', () => {
    // k1, k10..k19 = key indices 0 and 9..18
    const banned = (key: number): boolean => key === 0 || (key >= 9 && key <= 18);
    expect(distinct(reqs, 0, 4500, all)).toBe(distinct(reqs, 0, Number.POSITIVE_INFINITY, all));
    const r = simulateRun(cached(l, 30, { coalescing: true }, [{ at: 5, action: 'ban', pattern: '^/items/k1[0-9]?$' }]));
    const before = distinct(reqs, 0, 5000, all);
    expect(r.totals.origin.arrivals).toBe(before + distinct(reqs, 5000, Number.POSITIVE_INFINITY, banned));
    expect(r.totals.banned).toBe(11);
  });

  it('purge of the top 20: one coalesced fetch per purged key requested after it', () => {
    const r = simulateRun(cached(l, 30, { coalescing: true }, [{ at: 5, action: 'purge-keys', keys: Array.from({ length: 20 }, (_, i) => i) }]));
    expect(r.totals.origin.arrivals).toBe(distinct(reqs, 0, 5000, all) + distinct(reqs, 5000, Number.POSITIVE_INFINITY, (k) => k < 20));
    expect(r.totals.banned).toBe(20);
  });

  it('cold restart: like a purge of everything (coalesced, nothing in flight across it)', () => {
    const r = simulateRun(cached(l, 30, { coalescing: true }, [{ at: 5, action: 'restart-cache', mode: 'cold' }]));
    expect(r.totals.origin.arrivals).toBe(distinct(reqs, 0, 5000, all) + distinct(reqs, 5000, Number.POSITIVE_INFINITY, all));
  });

  it('warm restart: the top 50 fetched at 100/s (5000 + 10 i ms, 30 ms each), then only they are stored (swap at 5520)', () => {
    const r = simulateRun(cached(l, 30, { coalescing: true }, [{ at: 5, action: 'restart-cache', mode: 'warm', topN: 50, ratePerS: 100 }]));
    const swapMs = 5000 + 49 * 10 + 30;
    const missesAfter = distinct(reqs, swapMs, Number.POSITIVE_INFINITY, (k) => k >= 50);
    expect(r.totals.origin.arrivals).toBe(distinct(reqs, 0, 5000, all) + 50 + missesAfter);
    // the live traffic still hits the old generation until the swap: the origin sees the 50 warm fetches, then misses
    expect(r.series[5]?.origin.arrivals).toBe(50 + distinct(reqs, swapMs, 6000, (k) => k >= 50));
    expect(r.series[5]?.cache.miss).toBeLessThanOrEqual(distinct(reqs, swapMs, 6000, (k) => k >= 50));
    expect(r.totals.warmFailed).toBe(0);
  });

  it('reload maxCount 50: the least recently used objects are evicted at once, their keys fetched again', () => {
    const r = simulateRun(cached(l, 30, { coalescing: true }, [{ at: 5, action: 'reload-cache-config', maxCount: 50 }]));
    expect(r.totals.evictions).toBeGreaterThanOrEqual(150);
    expect(r.totals.origin.arrivals - 200).toBe(r.totals.evictions - 150);
  });

  it("a reload takes effect the mode's reloadDelayMs after it starts (Varnish: 530 ms)", () => {
    // one key every 10 ms, 1 ms fetches, max-age 1, no grace; ttlOverrideS 3600 at 0.5 s takes effect at 1.03 s: the
    // refetch at 1010 is still stored for 1 s, the one at 2020 for an hour (at once, the one at 1010 would be)
    const spec = cached(load({ arrival: 'constant', ratePerS: 100, durationS: 4, keys: 1 }), 1, { coalescing: true, grace: false }, [
      { at: 0.5, action: 'reload-cache-config', ttlOverrideS: 3600 },
    ], 1);
    expect(simulateRun({ ...spec, cacheMode: 'varnish' }).series.map((b) => b.origin.arrivals)).toEqual([1, 1, 1, 0]);
    // reloaded at 0.45 s, it takes effect at 0.98 s, before the refetch at 1010
    const early = { ...spec, timeline: [{ at: 0.45, action: 'reload-cache-config' as const, ttlOverrideS: 3600 }] };
    expect(simulateRun({ ...early, cacheMode: 'varnish' }).series.map((b) => b.origin.arrivals)).toEqual([1, 1, 0, 0]);
  });

  it('origin-slowdown x3 for 1 s: with one slot, no queue, 5 ms services every 10 ms, every other request is refused during it', () => {
    const spec = originOnly(load({ arrival: 'constant', ratePerS: 100, durationS: 3 }), 1, 0, { kind: 'constant', ms: 5 });
    const r = simulateRun({ ...spec, timeline: [{ at: 1, action: 'origin-slowdown', factor: 3, durationS: 1 }] });
    expect(r.series.map((p) => p.origin.rejected503)).toEqual([0, 50, 0]);
    expect(r.totals.origin.arrivals).toBe(300);
  });

  it('origin pause, down and up: the origin model sees them at their times', () => {
    const spec = originOnly(load({ arrival: 'constant', ratePerS: 100, durationS: 4 }), 1, 100, { kind: 'constant', ms: 5 });
    const r = simulateRun({
      ...spec,
      timeline: [
        { at: 0.5, action: 'origin-pause', durationS: 0.2 },
        { at: 2, action: 'origin-down' },
        { at: 3, action: 'origin-up' },
      ],
    });
    // the pause: the 20 arrivals of 500-690 wait; from 700 two are served per 10 ms while one arrives: clear by 900
    expect(r.series[0]?.status['2xx']).toBe(100);
    expect(r.series[0]?.origin.maxQueue).toBe(20);
    expect(r.series[0]?.origin.queue).toBe(0);
    expect(r.series[1]?.status['2xx']).toBe(100);
    // down for 1 s: 100 requests refused at once (502, counted as 5xx), not origin arrivals
    expect(r.series[2]?.status['5xx']).toBe(100);
    expect(r.series[2]?.origin.arrivals).toBe(0);
    expect(r.totals.refused).toBe(100);
    expect(r.series[3]?.status['2xx']).toBe(100);
  });
});
