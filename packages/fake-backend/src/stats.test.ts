import { describe, expect, test } from 'vitest';
import { StatsCollector, type OriginBucket } from './stats.js';

/** A hand-driven clock, epoch ms. */
function manualClock(start: number) {
  let now = start;
  return { now: () => now, set: (t: number) => (now = t), advance: (ms: number) => (now += ms) };
}

const T0 = 1_700_000_000_000; // on the 1 s grid

const bucket = (t: number, over: Partial<OriginBucket> = {}): OriginBucket => ({
  t,
  arrivals: 0,
  served: 0,
  rejected503: 0,
  abandoned: 0,
  maxInflight: 0,
  maxQueue: 0,
  inflight: 0,
  queue: 0,
  ...over,
});

describe('StatsCollector', () => {
  test('buckets sit on the epoch-aligned grid, whatever the start time', () => {
    const clock = manualClock(T0 + 730.25);
    const s = new StatsCollector({ intervalMs: 1000, clock: clock.now });
    s.arrival();
    clock.set(T0 + 1999.9);
    s.arrival();
    clock.set(T0 + 2000);
    s.arrival();
    const snap = s.snapshot();
    expect(snap.series.map((b) => b.t)).toEqual([T0, T0 + 1000, T0 + 2000]);
    expect(snap.series.map((b) => b.arrivals)).toEqual([1, 1, 1]);
    expect(snap.startedAt).toBe(T0 + 730.25);
  });

  test.each([100, 250, 1000, 10_000])('grid with intervalMs %d: t = floor(now / iv) * iv', (iv) => {
    const clock = manualClock(T0 + 12_345.6);
    const s = new StatsCollector({ intervalMs: iv, clock: clock.now });
    s.arrival();
    expect(s.snapshot().series[0]!.t).toBe(Math.floor((T0 + 12_345.6) / iv) * iv);
  });

  test('counts per bucket, totals across buckets, gauges at bucket end and maxima within it', () => {
    const clock = manualClock(T0);
    const s = new StatsCollector({ intervalMs: 1000, clock: clock.now });
    // bucket 0: two arrivals, one served immediately, one queued, then a full queue rejection
    s.arrival();
    s.gauges(1, 0);
    s.arrival();
    s.gauges(1, 1);
    s.arrival();
    s.rejected('queueFull');
    clock.advance(400);
    s.served();
    s.gauges(0, 1);
    s.gauges(1, 0);
    // bucket 1: the started one completes, a new arrival waits and times out, another arrival leaves early
    clock.set(T0 + 1500);
    s.served();
    s.gauges(0, 0);
    s.arrival();
    s.gauges(0, 1);
    clock.set(T0 + 1800);
    s.rejected('queueTimeout');
    s.gauges(0, 0);
    s.arrival();
    s.abandoned();
    const snap = s.snapshot();
    expect(snap.series).toEqual([
      bucket(T0, { arrivals: 3, served: 1, rejected503: 1, maxInflight: 1, maxQueue: 1, inflight: 1, queue: 0 }),
      bucket(T0 + 1000, { arrivals: 2, served: 1, rejected503: 1, abandoned: 1, maxInflight: 1, maxQueue: 1 }),
    ]);
    expect(snap.totals).toEqual({
      arrivals: 5,
      served: 2,
      rejected503: 2,
      rejectedQueueFull: 1,
      rejectedQueueTimeout: 1,
      abandoned: 1,
      maxInflight: 1,
      maxQueue: 1,
      probes: 0,
    });
    const sum = (k: 'arrivals' | 'served' | 'rejected503' | 'abandoned') => snap.series.reduce((a, b) => a + b[k], 0);
    expect([sum('arrivals'), sum('served'), sum('rejected503'), sum('abandoned')]).toEqual([5, 2, 2, 1]);
  });

  test('idle intervals appear, carrying the gauges that held through them', () => {
    const clock = manualClock(T0 + 100);
    const s = new StatsCollector({ intervalMs: 1000, clock: clock.now });
    s.arrival();
    s.gauges(2, 3); // e.g. paused with work held
    clock.set(T0 + 4200);
    const snap = s.snapshot();
    expect(snap.series).toEqual([
      bucket(T0, { arrivals: 1, maxInflight: 2, maxQueue: 3, inflight: 2, queue: 3 }),
      bucket(T0 + 1000, { maxInflight: 2, maxQueue: 3, inflight: 2, queue: 3 }),
      bucket(T0 + 2000, { maxInflight: 2, maxQueue: 3, inflight: 2, queue: 3 }),
      bucket(T0 + 3000, { maxInflight: 2, maxQueue: 3, inflight: 2, queue: 3 }),
      bucket(T0 + 4000, { maxInflight: 2, maxQueue: 3, inflight: 2, queue: 3 }),
    ]);
    expect(snap.inflight).toBe(2);
    expect(snap.queue).toBe(3);
  });

  test('the series is capped, also across a long idle gap, with the newest buckets kept', () => {
    const clock = manualClock(T0);
    const s = new StatsCollector({ intervalMs: 1000, clock: clock.now, maxBuckets: 5 });
    for (let i = 0; i < 20; i++) {
      s.arrival();
      clock.advance(1000);
    }
    let series = s.snapshot().series;
    expect(series).toHaveLength(5);
    expect(series.map((b) => b.t)).toEqual([16, 17, 18, 19, 20].map((i) => T0 + i * 1000));
    expect(s.snapshot().totals.arrivals).toBe(20);
    clock.advance(1_000_000_000); // ~11.6 days idle: must not build 10^6 buckets first
    series = s.snapshot().series;
    expect(series).toHaveLength(5);
    expect(series.at(-1)!.t).toBe(Math.floor(clock.now() / 1000) * 1000);
    expect(series.every((b, i) => i === 0 || b.t - series[i - 1]!.t === 1000)).toBe(true);
  });

  test('reset zeroes counters and series, keeps live gauges as the new maxima', () => {
    const clock = manualClock(T0);
    const s = new StatsCollector({ intervalMs: 1000, clock: clock.now });
    s.arrival();
    s.gauges(3, 1);
    s.gauges(1, 0);
    clock.set(T0 + 2500);
    s.reset();
    const snap = s.snapshot();
    expect(snap.countingSince).toBe(T0 + 2500);
    expect(snap.startedAt).toBe(T0);
    expect(snap.totals).toMatchObject({ arrivals: 0, maxInflight: 1, maxQueue: 0 });
    expect(snap.series).toEqual([bucket(T0 + 2000, { maxInflight: 1, inflight: 1 })]);
  });

  test('snapshots are copies', () => {
    const clock = manualClock(T0);
    const s = new StatsCollector({ intervalMs: 1000, clock: clock.now });
    const a = s.snapshot();
    a.totals.arrivals = 99;
    a.series[0]!.arrivals = 99;
    s.arrival();
    expect(s.snapshot().totals.arrivals).toBe(1);
    expect(s.snapshot().series[0]!.arrivals).toBe(1);
  });
});
