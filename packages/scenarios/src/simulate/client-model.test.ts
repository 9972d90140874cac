import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '@stampede/loadgen';
import { ClientModel, timeoutAt, TIMER_PERIOD_MS, type ClientSink } from './client-model.js';
import { cacheBehaviour } from './cache-mode.js';
import { EventQueue } from './event-queue.js';
import { simulateRun, type SimulationSpec } from './simulate-run.js';
import { cached, load, originOnly } from './sim-test-support.js';

/**
 * 100 req/s (every 10 ms) for 1 s straight to a 10-slot origin (3 ms services, a long queue): the cache stores
 * nothing and never coalesces, so every request is its own fetch. The origin pauses 200-700 ms; clients time out
 * at 295 ms, on undici's ticks (0, 500, 1000: a request sent before 500 times out at 500, one sent after at 1000).
 */
function pausedOrigin(serveAbandoned: boolean): SimulationSpec {
  const spec = originOnly(load({ arrival: 'constant', ratePerS: 100, durationS: 1, timeoutMs: 295 }), 10, 1000, { kind: 'constant', ms: 3 });
  return { ...spec, origin: { ...spec.origin, serveAbandoned }, timeline: [{ at: 0.2, action: 'origin-pause', durationS: 0.5 }] };
}

describe('client timeouts', () => {
  it.each([
    // phase, sent at, timeout, fires at: ticks every 500 ms from the phase, each adding 499 ms to undici's clock;
    // from the tick before the send, the first tick whose clock is the timeout or more past it
    [0, 0, 1000, 1500],
    [0, 200, 1000, 1500],
    [0, 499.9, 1000, 1500],
    [0, 500, 1000, 2000],
    [0, 1000, 1000, 2500],
    [100, 50, 1000, 1100],
    [100, 150, 1000, 1600],
    [0, 10, 295, 500],
    [0, 10, 499, 500],
    [0, 10, 500, 1000],
  ])('undici checks a timeout on its ticks: phase %d, sent at %d, timeout %d ms -> fires at %d', (phase, sent, ms, at) => {
    expect(timeoutAt(sent, ms, phase)).toBe(at);
    // within a tick of the timeout either way
    expect(at - sent).toBeGreaterThan(ms - TIMER_PERIOD_MS);
    expect(at - sent).toBeLessThanOrEqual(ms + TIMER_PERIOD_MS);
  });

  it('the requests sent at 200-490 time out at the tick of 500, before the resume, and leave the origin queue: 30 timeouts', () => {
    const r = simulateRun(pausedOrigin(false));
    expect(r.totals.status.timeout).toBe(30);
    expect(r.series[0]?.status.timeout).toBe(30);
    expect(r.totals.status['2xx']).toBe(70);
    expect(r.totals.origin.arrivals).toBe(100);
    expect(r.totals.origin.served).toBe(70);
    expect(r.totals.abandoned).toBe(30);
    expect(r.totals.abortedFetches).toBe(30);
    // a timed-out request is not a response
    expect(r.totals.responses).toBe(70);
  });

  it('serveAbandoned: the 30 stay queued and are served in vain at the resume (30 x 3 ms more work); those sent after 500 would time out at 1000 and are answered before', () => {
    const left = simulateRun(pausedOrigin(false));
    const r = simulateRun(pausedOrigin(true));
    expect(r.totals.status.timeout).toBe(30);
    expect(r.totals.status['2xx']).toBe(70);
    expect(r.totals.origin.served).toBe(70);
    expect(r.totals.abandoned).toBe(30);
    expect(r.totals.busySlotMs - left.totals.busySlotMs).toBeCloseTo(90, 6);
  });

  it('without timeoutMs every request waits out the pause', () => {
    const spec = pausedOrigin(false);
    const r = simulateRun({ ...spec, load: { ...spec.load, timeoutMs: undefined } as SimulationSpec['load'] });
    expect(r.totals.status.timeout).toBe(0);
    expect(r.totals.status['2xx']).toBe(100);
  });
});

describe('client timeouts against the cache modes', () => {
  // one key at 100 req/s; its first fetch takes 2 s; clients time out at 700 ms
  const spec = cached(load({ arrival: 'constant', ratePerS: 100, durationS: 3, keys: 1, timeoutMs: 700 }), 2000, { coalescing: true });

  it('nginx: a request parked on the lock re-checks every 500 ms; one that cannot see the fetch end by t + 700 times out, and its polls stop', () => {
    const r = simulateRun({ ...spec, cacheMode: 'nginx' });
    // a request at t is answered at its first poll at or after 2000 (t + 500 k) unless its timeout fires first: on
    // the second tick after the one before t (1000, 1500, 2000 for t < 1500; 2500 after): the requests of 0-1490 time
    // out (the fetcher at 0 too: its fetch goes on and stores)
    expect(r.totals.status.timeout).toBe(150);
    expect(r.totals.origin.arrivals).toBe(1);
    expect(r.totals.status['2xx']).toBe(150);
    expect(r.totals.abortedFetches).toBe(0);
  });

  it('embedded: the coalesced requests wait for the fetch itself; the ones of 0-990 time out (at 1000 and 1500), the fetch goes on', () => {
    // those of 1000-1490 time out at 2000, when the fetch ends: the fetch's end was scheduled first and answers them
    const r = simulateRun(spec);
    expect(r.totals.status.timeout).toBe(100);
    expect(r.totals.origin.arrivals).toBe(1);
  });
});

describe('client retries (loadgen retry-policy)', () => {
  /** 100 req/s for 2 s, a 100-slot origin (5 ms) that is down from 505 to 1005 ms; retries of 5xx 100 ms apart */
  function downOrigin(retry: RetryPolicy): SimulationSpec {
    const spec = originOnly(load({ arrival: 'constant', ratePerS: 100, durationS: 2, retry }), 100, 0, { kind: 'constant', ms: 5 });
    return { ...spec, timeline: [{ at: 0.505, action: 'origin-down' }, { at: 1.005, action: 'origin-up' }] };
  }
  const constant100: RetryPolicy = { ...DEFAULT_RETRY_POLICY, on: ['5xx'], maxAttempts: 3, backoff: 'constant', baseMs: 100, jitter: 'none' };

  it('3 attempts 100 ms apart: attempt k of the request sent at t fails iff 505 <= t + 100(k-1) < 1005', () => {
    const r = simulateRun(downOrigin(constant100));
    // first attempts 510-1000 (50) fail; second ones of 510-900 (40); third ones of 510-800 (30), which give up
    expect(r.totals.status['5xx']).toBe(120);
    expect(r.totals.retry).toEqual({ retries: 90, budgetDenied: 0, gaveUp: 30 });
    expect(r.totals.status['2xx']).toBe(170);
    expect(r.totals.sent).toBe(200);
    expect(r.totals.responses).toBe(290);
    expect(r.totals.refused).toBe(120);
    // retries before 1000 ms: second attempts of 510-890 (39), third ones of 510-790 (29), which give up at t + 200
    expect(r.series[0]?.retry).toEqual({ retries: 68, budgetDenied: 0, gaveUp: 29 });
    expect(r.series[1]?.retry).toEqual({ retries: 22, budgetDenied: 0, gaveUp: 1 });
  });

  it('a retry budget of 10 % caps the retries near 0.1 per request sent so far and denies the rest', () => {
    const r = simulateRun(downOrigin({ ...constant100, budget: { ratio: 0.1, minPerS: 0, windowS: 10 } }));
    // by the first failure (510 ms) 52 requests have deposited 5.2 tokens, by the last (1000 ms) 101 have: 10.1
    const { retries, budgetDenied, gaveUp } = r.totals.retry;
    expect(retries).toBeGreaterThanOrEqual(5);
    expect(retries).toBeLessThanOrEqual(10);
    // every failed attempt is retried or gives up (denied, or out of attempts)
    expect(gaveUp).toBe(r.totals.status['5xx'] - retries);
    expect(budgetDenied).toBeGreaterThan(35);
    expect(budgetDenied).toBeLessThanOrEqual(gaveUp);
  });

  it('without a policy nothing is retried and series carry no retry field', () => {
    const spec = downOrigin(constant100);
    const r = simulateRun({ ...spec, load: { ...spec.load, retry: undefined } as SimulationSpec['load'] });
    expect(r.totals.status['5xx']).toBe(50);
    expect(r.series[0]?.retry).toBeUndefined();
  });
});

describe('retries after a timeout reach the cache when the mode says (timeoutRetryDelayMs)', () => {
  /**
   * 100 requests sent at 0-99 ms to a cache that never answers; they time out at the tick of 500 and are retried
   * once, 1 ms later. Returns the cache's arrival times of the retries, in arrival order, and the keys in that order.
   */
  function retriesAfterTimeout(range: readonly [number, number] | undefined): { at: number[]; keys: number[] } {
    const events = new EventQueue();
    const none = () => {};
    const sink: ClientSink = {
      answered: none,
      timedOut: none,
      connFailed: none,
      retried: none,
      budgetDenied: none,
      gaveUp: none,
    };
    const retry: RetryPolicy = {
      ...DEFAULT_RETRY_POLICY,
      on: ['timeout'],
      maxAttempts: 2,
      backoff: 'constant',
      baseMs: 1,
      jitter: 'none',
    };
    const config = { timeoutMs: 300, retry, workers: 1, seed: 7, sendUntilMs: 10_000, t0Ms: 0 };
    const client = new ClientModel(range ? { ...config, timeoutRetryDelayMs: range } : config, events, sink);
    const at: number[] = [];
    const keys: number[] = [];
    client.connect({
      request(_id, key, nowMs) {
        if (nowMs >= 500) {
          at.push(nowMs);
          keys.push(key);
        }
      },
      abandon: none,
    });
    for (let k = 0; k < 100; k++) client.send(k, 0, k);
    for (let t = events.pop(); t < 1000; t = events.pop()) client.handle(events.kind, events.id, t);
    return { at, keys };
  }

  it('kept in order: all 100 one backoff after the tick, in the order they were sent (Varnish, nginx)', () => {
    const { at, keys } = retriesAfterTimeout(cacheBehaviour('nginx').timeoutRetryDelayMs);
    expect(at).toEqual(Array(100).fill(501));
    expect(keys).toEqual([...Array(100).keys()]);
    expect(retriesAfterTimeout(undefined)).toEqual({ at, keys });
  });

  it('embedded: 20-60 ms after the backoff, spread over the range and in no particular order', () => {
    const { at, keys } = retriesAfterTimeout(cacheBehaviour('embedded').timeoutRetryDelayMs);
    expect(at).toHaveLength(100);
    expect(Math.min(...at)).toBeGreaterThanOrEqual(521);
    expect(Math.max(...at)).toBeLessThan(561);
    // spread over the range: each 10 ms quarter gets some
    for (let q = 0; q < 4; q++) expect(at.filter((t) => t >= 521 + 10 * q && t < 531 + 10 * q).length).toBeGreaterThan(10);
    // arrival order is not the send order: many keys come before one sent earlier
    const inversions = keys.slice(1).filter((k, i) => k < (keys[i] as number)).length;
    expect(inversions).toBeGreaterThan(30);
  });
});

describe('connErrors: a restart that takes the cache away (varnish: 200 ms)', () => {
  // one key at 100 req/s (every 10 ms) for 1 s, 50 ms fetches; the cache restarts at 20 ms: the fetch of 0 (and the
  // request of 10 joined to it) is in flight, and the cache serves again at 220
  function restarting(retry?: RetryPolicy): SimulationSpec {
    const l = load({ arrival: 'constant', ratePerS: 100, durationS: 1, keys: 1, ...(retry !== undefined ? { retry } : {}) });
    return { ...cached(l, 50, { coalescing: true }, [{ at: 0.02, action: 'restart-cache', mode: 'cold' }]), cacheMode: 'varnish' };
  }

  it('the 2 requests in flight and the 20 sent at 20-210 fail; none is a response; the fetch runs on in vain', () => {
    const r = simulateRun(restarting());
    expect(r.totals.status.connError).toBe(22);
    expect(r.series[0]?.status.connError).toBe(22);
    expect(r.totals.responses).toBe(78);
    expect(r.totals.status['2xx']).toBe(78);
    expect(r.totals.origin.arrivals).toBe(2);
    expect(r.totals.abandoned).toBe(1);
  });

  it('retried on connError 100 ms later (2 attempts): the retries due before 220 fail again and give up', () => {
    const r = simulateRun(restarting({ ...DEFAULT_RETRY_POLICY, on: ['connError'], maxAttempts: 2, backoff: 'constant', baseMs: 100, jitter: 'none' }));
    // second attempts of 0 and 10 (at 120) and of 20-110 (at 120-210) fail; those of 120-210 (at 220-310) succeed
    expect(r.totals.status.connError).toBe(34);
    expect(r.totals.retry).toEqual({ retries: 22, budgetDenied: 0, gaveUp: 12 });
    expect(r.totals.status['2xx']).toBe(88);
  });

  it('the embedded cache restarts in its process: no connError', () => {
    const r = simulateRun({ ...restarting(), cacheMode: 'embedded' });
    expect(r.totals.status.connError).toBe(0);
    expect(r.totals.status['2xx']).toBe(100);
  });
});
