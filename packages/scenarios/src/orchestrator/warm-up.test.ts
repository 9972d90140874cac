import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { validateScenario } from '../scenario-spec/validate.js';
import { loadInput } from './load-input.js';
import { warmUp } from './warm-up.js';

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
});
