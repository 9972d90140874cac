import { describe, expect, it } from 'vitest';
import { emptyCacheCounts } from './cache-outcome.js';
import { createHistogram, recordMs } from './histogram.js';
import type { LoadBucket } from './result.js';
import { emptyStatusCounts } from './status-class.js';
import { SATURATION_LAG_P99_MS, generatorHealth, summarizeRun } from './summary.js';

function bucket(t: number, over: Partial<LoadBucket>): LoadBucket {
  return {
    t,
    intended: 0,
    sent: 0,
    dropped: 0,
    responses: 0,
    status: emptyStatusCounts(),
    cache: emptyCacheCounts(),
    latencyMs: { p50: 0, p99: 0, max: 0 },
    histogram: '',
    ...over,
  };
}

describe('summarizeRun', () => {
  it('totals the series and normalises the 503 peak to per second', () => {
    const series = [
      bucket(0, {
        intended: 50,
        sent: 50,
        responses: 50,
        status: { ...emptyStatusCounts(), '2xx': 40, '503': 10 },
        cache: { ...emptyCacheCounts(), hit: 30, miss: 20 },
      }),
      bucket(500, {
        intended: 50,
        sent: 45,
        dropped: 5,
        responses: 40,
        status: { ...emptyStatusCounts(), '2xx': 15, '503': 25, timeout: 5 },
      }),
    ];
    const s = summarizeRun({
      series,
      intervalMs: 500,
      scheduledS: 1,
      latency: createHistogram(),
      serviceTime: createHistogram(),
      scheduleLag: createHistogram(),
    });
    expect(s).toMatchObject({
      requests: 100,
      sent: 95,
      responses: 90,
      dropped: 5,
      status: { '2xx': 55, '503': 35, timeout: 5 },
      cache: { hit: 30, miss: 20 },
      peak503PerSec: 50,
      achievedRatePerS: 90,
    });
    expect(s.rate503).toBeCloseTo(35 / 90, 9);
    expect(s.generator.saturated).toBe(true);
  });

  it('no responses: rates are 0, not NaN', () => {
    const s = summarizeRun({
      series: [],
      intervalMs: 1000,
      scheduledS: 0,
      latency: createHistogram(),
      serviceTime: createHistogram(),
      scheduleLag: createHistogram(),
    });
    expect([s.rate503, s.achievedRatePerS, s.peak503PerSec, s.latencyMs.p99]).toEqual([0, 0, 0, 0]);
  });
});

describe('generatorHealth', () => {
  const lag = (valuesMs: number[]) => {
    const h = createHistogram();
    for (const v of valuesMs) recordMs(h, v);
    return h;
  };

  it.each([
    ['healthy', 0, [0.1, 0.5, 1], false, undefined],
    ['dropped requests', 3, [0.1], true, '3 request(s) dropped: max in-flight per worker reached'],
    ['lagging', 0, Array.from({ length: 100 }, () => SATURATION_LAG_P99_MS + 5), true, 'schedule lag p99 15.007 ms > 10 ms'],
  ])('%s', (_name, dropped, lags, saturated, reason) => {
    const health = generatorHealth(dropped, lag(lags));
    expect(health.saturated).toBe(saturated);
    expect(health.reason).toBe(reason);
  });
});
