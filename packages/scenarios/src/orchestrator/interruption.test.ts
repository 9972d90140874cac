import { describe, expect, test } from 'vitest';
import type { OrchestratorEvent } from './orchestrator-event.js';
import { Interruption, abortReason, markInterrupted, throwIfAborted } from './interruption.js';
import { RunLog } from './run-log.js';

function setup(signal?: AbortSignal) {
  const emitted: OrchestratorEvent[] = [];
  const log = new RunLog((e) => emitted.push(e));
  return { log, emitted, interruption: new Interruption(log, signal) };
}

function stoppable() {
  const load = { stops: 0, stop: () => void (load.stops += 1) };
  return load;
}

describe('Interruption', () => {
  test('an abort records one interrupted phase event in the current phase, stops the load and the warm-up', () => {
    const controller = new AbortController();
    const { log, emitted, interruption } = setup(controller.signal);
    log.enter('warmup');
    const load = stoppable();
    interruption.stops(load);
    controller.abort(new Error('interrupted by SIGINT'));
    expect(interruption.interrupted).toMatchObject({ reason: 'interrupted by SIGINT', phase: 'warmup' });
    expect(log.events).toEqual([
      { t: interruption.interrupted!.at, action: 'interrupted', detail: { reason: 'interrupted by SIGINT', phase: 'warmup' }, kind: 'phase' },
    ]);
    expect(emitted.filter((e) => e.type === 'event')).toHaveLength(1);
    expect(load.stops).toBe(1);
    expect(interruption.warmupSignal.aborted).toBe(true);
  });

  test('the first interruption wins; a later failure does not replace it', () => {
    const { log, interruption } = setup();
    interruption.interrupt('first');
    interruption.interrupt('second');
    interruption.failed('an error');
    expect(interruption.interrupted?.reason).toBe('first');
    expect(log.events).toHaveLength(1);
  });

  test('an already aborted signal interrupts at once (phase origin), and a load attached later is stopped at once', () => {
    const { interruption } = setup(AbortSignal.abort('interrupted by SIGTERM'));
    expect(interruption.interrupted).toMatchObject({ reason: 'interrupted by SIGTERM', phase: 'origin' });
    const load = stoppable();
    interruption.stops(load);
    expect(load.stops).toBe(1);
  });

  test('a failure after measuring marks the run without an interrupted event and without stopping anything', () => {
    const { log, interruption } = setup();
    log.enter('load');
    const load = stoppable();
    interruption.stops(load);
    interruption.failed('the cache died');
    expect(interruption.interrupted).toMatchObject({ reason: 'the cache died', phase: 'load' });
    expect(log.events).toEqual([]);
    expect(load.stops).toBe(0);
    expect(interruption.warmupSignal.aborted).toBe(false);
  });

  test('after dispose() the signal no longer interrupts', () => {
    const controller = new AbortController();
    const { interruption } = setup(controller.signal);
    interruption.dispose();
    controller.abort(new Error('late'));
    expect(interruption.interrupted).toBeUndefined();
  });
});

describe('abort reasons', () => {
  test.each([
    [AbortSignal.abort(new Error('interrupted by SIGINT')), 'interrupted by SIGINT'],
    [AbortSignal.abort('interrupted by SIGTERM'), 'interrupted by SIGTERM'],
    [AbortSignal.abort(42), 'interrupted'],
    [undefined, 'interrupted'],
  ])('abortReason(%s) = %s', (signal, reason) => {
    expect(abortReason(signal)).toBe(reason);
  });

  test('throwIfAborted throws STAMPEDE_INTERRUPTED with the reason, and nothing on a live signal', () => {
    expect(() => throwIfAborted(new AbortController().signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    expect(() => throwIfAborted(AbortSignal.abort(new Error('interrupted by SIGINT')))).toThrow(
      expect.objectContaining({ message: 'interrupted by SIGINT', code: 'STAMPEDE_INTERRUPTED' }),
    );
  });
});

describe('markInterrupted', () => {
  const report = { events: [], verdict: { pass: true, failures: [] } } as unknown as Parameters<typeof markInterrupted>[0];

  test('a finished report cut short while written never passes, and is marked once', () => {
    const marked = markInterrupted(report, 'interrupted by SIGINT', 'report');
    expect(marked.verdict.pass).toBe(false);
    expect(marked.interrupted).toMatchObject({ reason: 'interrupted by SIGINT', phase: 'report' });
    expect(marked.events).toHaveLength(1);
    expect(markInterrupted(marked, 'again', 'analysis')).toBe(marked);
  });
});
