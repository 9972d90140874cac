/**
 * End to end on the embedded cache: retry-storm stays down, sustained by its clients' retries, and
 * retry-storm-backoff (same trigger, clients with backoff, jitter and a budget) recovers. The built-in specs as
 * they are: two full runs of ~45 s each, one after the other, so the test is opt-in (STAMPEDE_SLOW_TESTS=1): too
 * slow for every push on a 2-core runner.
 */
import { describe, expect, test } from 'vitest';
import { runScenario } from '../orchestrator/index.js';
import { getScenario } from './index.js';

const run = (name: string) => runScenario(getScenario(name)!.spec, { toolVersion: 'test' });

describe.skipIf(process.env.STAMPEDE_SLOW_TESTS !== '1')('retry-storm vs retry-storm-backoff (slow: STAMPEDE_SLOW_TESTS=1)', () => {
  test('the storm does not recover and says it is sustained by retries; the mitigation recovers', { timeout: 240_000 }, async () => {
    const storm = await run('retry-storm');
    expect(storm.summary.baseline?.healthy).toBe(true);
    expect(storm.summary.recovery.recovered).toBe(false);
    expect(storm.summary.recovery.reason).toMatch(/^sustained by retries: /);
    expect(storm.summary.retry?.retries).toBeGreaterThan(1000);
    expect(storm.summary.retry?.budgetDenied).toBe(0);
    expect(storm.verdict.pass).toBe(false);

    const fixed = await run('retry-storm-backoff');
    expect(fixed.summary.recovery.recovered).toBe(true);
    expect(fixed.summary.recovery.reason).toBeUndefined();
    expect(fixed.summary.retry?.budgetDenied).toBeGreaterThan(0);
    expect(fixed.verdict).toEqual({ pass: true, failures: [] });
    // the same offered load: as many logical requests in each, give or take the runs' lengths
    expect(fixed.summary.retry?.logical).toBeGreaterThan(10_000);
  });
});
