import { describe, expect, test } from 'vitest';
import { runRepeated } from './run-repeated.js';
import { fixtureRun } from './testing/fixture-run.js';

describe('runRepeated', () => {
  test('N runs in order, each reported as it completes', async () => {
    const seen: number[] = [];
    const out = await runRepeated({
      count: 3,
      runId: 'set',
      runOnce: async (i) => fixtureRun({ rate503: [0.1, 0.3, 0.2][i] as number }),
      onRun: (_, i) => seen.push(i),
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(out.completed).toBe(3);
    expect(out.report.repeat?.metrics['rate503']?.values).toEqual([0.1, 0.3, 0.2]);
    expect(out.report.interrupted).toBeUndefined();
  });

  test('an abort lets the current run finish, starts no other, and marks the report', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const out = await runRepeated({
      count: 5,
      runId: 'set',
      now: () => 99,
      signal: controller.signal,
      runOnce: async (i) => {
        started.push(i);
        if (i === 1) controller.abort(new Error('interrupted by SIGINT'));
        return fixtureRun();
      },
    });
    expect(started).toEqual([0, 1]);
    expect(out.completed).toBe(2);
    expect(out.report.interrupted).toEqual({ reason: 'interrupted by SIGINT (after 2 of 5 runs)', at: 99 });
  });

  test('an abort during the last run: every run completed, nothing is marked', async () => {
    const controller = new AbortController();
    const out = await runRepeated({
      count: 2,
      runId: 'set',
      signal: controller.signal,
      runOnce: async (i) => {
        if (i === 1) controller.abort();
        return fixtureRun();
      },
    });
    expect(out.report.interrupted).toBeUndefined();
  });

  test('a run cut short by a fault stops the repetitions', async () => {
    const out = await runRepeated({
      count: 4,
      runId: 'set',
      runOnce: async (i) => (i === 1 ? { ...fixtureRun(), interrupted: { reason: 'cache died', at: 1 } } : fixtureRun()),
    });
    expect(out.completed).toBe(1);
    expect(out.report.interrupted?.reason).toBe('cache died (after 1 of 4 runs)');
  });
});
