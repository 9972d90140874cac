import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { epochNow } from '@stampede/loadgen';
import { describe, expect, it, onTestFinished } from 'vitest';
import { validateScenario } from '../scenario-spec/validate.js';
import { loadInput } from './load-input.js';
import type { ReportEvent } from '../record/report.js';
import { warmUp } from './warm-up.js';
import { WARMUP_LOAD, WARMUP_PREFETCH } from './warmup-events.js';

/** A real server on 127.0.0.1:0 standing in for the cache: answers 200 and counts requests. */
async function target(): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

describe('warmUp', () => {
  it("runs at the load's rate, which for a ramp that starts with a pause is the stages' peak, not 0", async () => {
    // the warm-up once took the first stage's target as "the load's rate": 0 here, which the generator refuses
    const spec = validateScenario({
      name: 'pause-then-ramp',
      load: {
        stages: [
          { durationS: '20s', targetRatePerS: 0 },
          { durationS: '20s', targetRatePerS: 40 },
        ],
        arrival: 'constant',
      },
      warmup: { durationS: '500ms' },
      timeline: [{ at: '25s', action: 'purge-all' }],
    });
    const { url, requests } = await target();
    await warmUp(spec, url, loadInput(spec, url, 'x-cache', 100), new AbortController().signal);
    // 40/s for 0.5 s
    expect(requests()).toBe(20);
  });

  it('records when the prefetch and the warm-up load began (the load at its t0, on the bucket grid)', async () => {
    const spec = validateScenario({
      name: 'prefetch-then-load',
      load: { ratePerS: 40, arrival: 'constant', keys: 10, durationS: '30s' },
      warmup: { prefetchTopN: 4, prefetchRatePerS: 100, durationS: '500ms' },
      timeline: [{ at: '15s', action: 'purge-all' }],
    });
    const { url, requests } = await target();
    const events: ReportEvent[] = [];
    const before = epochNow();
    await warmUp(spec, url, loadInput(spec, url, 'x-cache', 100), new AbortController().signal, (e) => events.push(e));
    expect(requests()).toBe(4 + 20);
    expect(events.map((e) => [e.action, e.kind, e.detail])).toEqual([
      [WARMUP_PREFETCH, 'phase', { keys: 4, ratePerS: 100 }],
      [WARMUP_LOAD, 'phase', { ratePerS: 40, durationS: 0.5 }],
    ]);
    const [prefetch, load] = events.map((e) => e.t) as [number, number];
    expect(prefetch).toBeGreaterThanOrEqual(before);
    // 4 keys at 100/s take 30 ms or more before the load's t0, which is on the 100 ms grid
    expect(load - prefetch).toBeGreaterThanOrEqual(30);
    expect(load % 100).toBe(0);
  });
});
