/**
 * Client retries through the whole engine (embedded cache, fake origin): a purge without coalescing makes the
 * origin shed load with 503s, the clients retry them, and the report counts attempts and logical requests
 * separately while the ground truth still reconciles exactly (every client 503 is one origin rejection).
 */
import { describe, expect, test } from 'vitest';
import { runScenario } from './run-scenario.js';
import { validateScenario } from '../scenario-spec/index.js';

function spec(retry: Record<string, unknown>) {
  return validateScenario({
    name: 'test-purge-retries',
    load: { ratePerS: 400, durationS: 20, keys: 300, distribution: 'zipf:1.1', workers: 1, connections: 64, timeoutMs: 3000, retry },
    // 4 slots x 25 ms = 160 req/s and a small queue: the purge's misses are shed with 503s at once
    origin: { concurrency: 4, queue: 8, queueTimeoutMs: 250, serviceTime: { kind: 'constant', ms: 25 }, ttlS: 600 },
    cache: { kind: 'embedded', coalescing: false },
    warmup: { durationS: 3 },
    baselineS: 4,
    timeline: [{ at: 5, action: 'purge-all' }],
    observe: { maxS: 12, stopWhenRecovered: true, extraS: 1 },
    recovery: { windowS: 2 },
  });
}

describe('runScenario with client retries', () => {
  test('attempts vs logical requests in the summary and the series; client 503s == origin rejections', { timeout: 90_000 }, async () => {
    const s0 = spec({ on: ['503'], maxAttempts: 3, backoff: 'constant', baseMs: 5, jitter: 'none' });
    const report = await runScenario(s0, { toolVersion: 'test' });
    const s = report.summary;
    const r = s.retry!;
    expect(r).toBeDefined();
    expect(report.load['retry']).toEqual(s0.load.retry);
    // where the system clock's seconds fall in the run's time (the simulator reads it for nginx)
    expect(Number.isFinite(report.load['wallClockOffsetMs'])).toBe(true);

    const sum = (f: (p: (typeof report.series)[number]) => number) => report.series.reduce((n, p) => n + f(p), 0);
    // logical requests are the first attempts; attempts add the retries; each attempt ends once
    expect(r.logical).toBe(sum((p) => p.sent));
    expect(r.retries).toBe(sum((p) => p.retry?.retries ?? 0));
    expect(r.attempts).toBe(r.logical + r.retries);
    expect(r.attempts).toBe(s.responses + s.status.timeout + s.status.connError);
    expect(r.amplification).toBeCloseTo(r.attempts / r.logical, 12);
    // the purge made 503s and they were retried; every 503 was retried or its request gave up at 3 attempts
    expect(s.status['503']).toBeGreaterThan(0);
    expect(r.retries).toBeGreaterThan(0);
    expect(r.retries + r.gaveUp).toBe(s.status['503']);
    expect(r.budgetDenied).toBe(0);
    // status counts attempts, so the ground truth still reconciles exactly
    expect(s.status['503']).toBe(s.origin.rejected503);
    expect(s.recovery.recovered).toBe(true);
    expect(s.recovery.reason).toBeUndefined();
  });
});
