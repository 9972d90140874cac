import { setTimeout as sleep } from 'node:timers/promises';
import { startBackend } from '@stampede/fake-backend';
import { epochNow } from '@stampede/loadgen';
import { describe, expect, onTestFinished, test } from 'vitest';
import { createCacheAdapter } from '../caches/registry.js';
import type { ReportEvent } from '../record/report.js';
import { validateScenario } from '../scenario-spec/index.js';
import { ActionSchedule } from './action-schedule.js';

/** Actions land after the baseline (10 s): the tests start the schedule with t0 that long ago. */
const BASELINE_MS = 10_000;

async function schedule(timeline: unknown[]) {
  const origin = await startBackend({ serviceTime: { kind: 'constant', ms: 5 } });
  onTestFinished(() => origin.close());
  const spec = validateScenario({ name: 'schedule-test', load: { ratePerS: 10, durationS: 30, keys: 10 }, timeline });
  // the actions used here touch only the origin: the cache is never started
  const cache = createCacheAdapter('embedded', { originUrl: origin.url });
  const events: ReportEvent[] = [];
  const actions = new ActionSchedule(spec, cache, origin, (e) => events.push(e));
  onTestFinished(() => actions.cancel());
  return { origin, actions, events };
}

async function until(ok: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = epochNow() + timeoutMs;
  while (!ok()) {
    if (epochNow() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('ActionSchedule', () => {
  test('fires each action at its time after t0; done once all have finished; lastAtS is the latest', async () => {
    const { actions, events } = await schedule([
      { at: 13, action: 'mark', label: 'second' },
      { at: 10, action: 'mark', label: 'first' },
    ]);
    expect(actions.lastAtS).toBe(13);
    expect(actions.done).toBe(false);
    const t0 = epochNow() - BASELINE_MS;
    actions.start(t0);
    await until(() => events.length === 1, 'the first action');
    expect(events[0]!.detail['label']).toBe('first');
    expect(actions.done).toBe(false);
    await until(() => events.length === 2, 'the second action');
    expect(events[1]!.detail['label']).toBe('second');
    // never before its time, though Node's timers are ms-granular and may fire up to ~1 ms early
    expect(events[1]!.t - t0).toBeGreaterThanOrEqual(13_000);
    await until(() => actions.done, 'done');
    expect(actions.inFlight).toBe(0);
  });

  test('without actions it is done from the start', async () => {
    const { actions } = await schedule([]);
    expect(actions.done).toBe(true);
    expect(actions.lastAtS).toBe(0);
  });

  test('a follow-up an action scheduled runs after its delay, recorded as an action of its own', async () => {
    const { origin, actions, events } = await schedule([{ at: 10, action: 'origin-slowdown', factor: 10, durationS: 0.2 }]);
    actions.start(epochNow() - BASELINE_MS);
    await until(() => events.length === 2, 'the slowdown to end');
    expect(events.map((e) => e.action)).toEqual(['origin-slowdown', 'origin-slowdown ends']);
    await until(() => JSON.stringify(origin.config().serviceTime) === JSON.stringify({ kind: 'constant', ms: 5 }), 'the origin back at 5 ms');
  });

  test('cancel() clears the follow-ups too (a timed slowdown is not undone after teardown)', async () => {
    const { origin, actions, events } = await schedule([{ at: 10, action: 'origin-slowdown', factor: 10, durationS: 1 }]);
    actions.start(epochNow() - BASELINE_MS);
    await until(() => events.length === 1, 'the slowdown');
    actions.cancel();
    await sleep(1500);
    expect(events.map((e) => e.action)).toEqual(['origin-slowdown']);
    expect(origin.config().serviceTime).toEqual({ kind: 'constant', ms: 50 });
  });
});
