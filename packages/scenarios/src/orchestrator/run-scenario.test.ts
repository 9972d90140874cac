import { describe, expect, test } from 'vitest';
import { runScenario } from './run-scenario.js';
import { validateScenario } from '../scenario-spec/index.js';

/** A short global purge on the embedded cache: small enough for a test, big enough to overload the origin. */
function purgeSpec(overrides: { coalescing: boolean }) {
  return validateScenario({
    name: 'test-global-purge',
    title: 'purge everything under load',
    incident: 'test',
    description: 'test',
    load: { ratePerS: 400, durationS: 24, keys: 300, distribution: 'zipf:1.1', workers: 1, connections: 64, timeoutMs: 3000 },
    // 4 slots x 25 ms = 160 req/s: the baseline miss traffic fits, the whole rate after a purge does not.
    origin: { concurrency: 4, queue: 8, queueTimeoutMs: 250, serviceTime: { kind: 'constant', ms: 25 }, ttlS: 600 },
    cache: { kind: 'embedded', coalescing: overrides.coalescing },
    warmup: { durationS: 3 },
    baselineS: 4,
    timeline: [{ at: 5, action: 'purge-all' }],
    observe: { maxS: 15, stopWhenRecovered: true, extraS: 1 },
    recovery: { windowS: 2 },
  });
}

describe('runScenario on the embedded cache', () => {
  test('a global purge without coalescing overloads the origin; client and origin 503 counts reconcile', async () => {
    const phases: string[] = [];
    const report = await runScenario(purgeSpec({ coalescing: false }), {
      toolVersion: 'test',
      onEvent: (e) => {
        if (e.type === 'phase') phases.push(e.phase);
      },
    });
    expect(phases).toEqual(['origin', 'cache', 'warmup', 'load', 'analysis']);
    expect(report.schema).toBe('stampede.report/v1');
    expect(report.cache.kind).toBe('embedded');
    expect(report.cache.version).toMatch(/undici/);
    const purge = report.events.find((e) => e.action === 'purge-all');
    expect(purge).toBeDefined();
    expect(report.interrupted).toBeUndefined();
    // the series starts with the measured load (times in the report count from it), not with the origin's reset
    expect(report.series[0]?.t).toBe(report.events.find((e) => e.action === 'load-start')?.t);
    expect(report.series[0]?.sent).toBeGreaterThan(0);

    const s = report.summary;
    expect(s.status['503']).toBeGreaterThan(0);
    // Without coalescing every origin 503 reaches exactly one client, and 503s are never cached.
    expect(s.status['503']).toBe(s.origin.rejected503);
    // The origin's own series adds up to its totals.
    expect(report.series.reduce((n, p) => n + p.origin.arrivals, 0)).toBe(s.origin.arrivals);
    expect(s.amplification).toBeGreaterThan(2);
    expect(s.hitRatio.baseline).toBeGreaterThan(0.8);
    expect(s.hitRatio.min).toBeLessThan(s.hitRatio.baseline! - 0.2);
    expect(s.recovery.recovered).toBe(true);
    expect(s.recovery.seconds).toBeGreaterThan(0);
    expect(report.histograms.incident).not.toBe('');
  });

  test('with coalescing the same purge sends about one request per key to the origin', async () => {
    const report = await runScenario(purgeSpec({ coalescing: true }), { toolVersion: 'test' });
    const s = report.summary;
    const fault = s.windows!.fault!;
    const afterFault = report.series.filter((p) => p.t >= fault - 1000);
    const originAfter = afterFault.reduce((n, p) => n + p.origin.arrivals, 0);
    // Every key requested after the purge costs one origin fetch, not one per request.
    const requestsAfter = afterFault.reduce((n, p) => n + p.responses, 0);
    expect(originAfter).toBeLessThan(requestsAfter / 3);
    expect(originAfter).toBeLessThanOrEqual(300 + 50);
  });

  test('an abort mid-run stops everything and returns a partial report marked interrupted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted by SIGINT')), 5000);
    const report = await runScenario(purgeSpec({ coalescing: false }), { toolVersion: 'test', signal: controller.signal });
    expect(report.interrupted?.reason).toBe('interrupted by SIGINT');
    expect(report.series.length).toBeGreaterThan(0);
    expect(report.verdict.pass).toBe(false);
  });
});
