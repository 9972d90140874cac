/**
 * The measuring instrument end to end: the real load generator against the real fake origin, and the CLI's
 * answers to bad options. The figures every later report rests on must reconcile exactly.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startBackend } from '@stampede/fake-backend';
import { runLoad, startLoad } from '@stampede/loadgen';
import { describe, expect, test } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('load generator x fake origin', () => {
  test('at 3x the origin capacity the client 503 count equals the origin rejected count exactly', async () => {
    // 4 slots x 20 ms = 200 req/s; 600 req/s is 3x.
    await using origin = await startBackend({ concurrency: 4, queue: 4, queueTimeoutMs: 500, serviceTime: { kind: 'constant', ms: 20 } });
    const result = await runLoad({
      url: `${origin.url}/items/{key}`,
      ratePerS: 600,
      durationS: 3,
      workers: 1,
      connections: 256,
      keys: 50,
      timeoutMs: 5000,
    });
    const totals = origin.stats().totals;
    expect(totals.rejected503).toBeGreaterThan(result.summary.requests / 3);
    expect(result.summary.status['503']).toBe(totals.rejected503);
    expect(result.summary.status['2xx']).toBe(totals.served);
    expect(result.summary.responses).toBe(totals.arrivals);
    expect(result.summary.dropped + result.summary.status.timeout + result.summary.status.connError).toBe(0);
  });

  test('an origin pause shows up as latency from the intended send time', async () => {
    await using origin = await startBackend({ concurrency: 64, queue: 1000, queueTimeoutMs: 5000, serviceTime: { kind: 'constant', ms: 2 } });
    const run = startLoad({ url: `${origin.url}/items/{key}`, ratePerS: 200, durationS: 4, workers: 1, connections: 64, keys: 10 });
    run.once('started', ({ t0 }) => {
      setTimeout(() => origin.pause(1000), Math.max(0, t0 + 1500 - Date.now()));
    });
    const { summary } = await run.done;
    // A quarter of the requests are intended inside the 1 s freeze; their latency runs from their intended time,
    // so the slowest 1 % waited about 1000 ms - 0.01 x 4000 ms = 960 ms. Without the freeze p99 would be ~3 ms.
    expect(summary.latencyMs.max).toBeGreaterThan(900);
    expect(summary.latencyMs.p99).toBeGreaterThan(800);
    expect(summary.latencyMs.p50).toBeLessThan(100);
    expect(summary.status['2xx']).toBe(summary.requests);
  });

  test('a generator that cannot keep up says so: requests due while max in-flight is reached are dropped and counted', async () => {
    // The origin freezes for the whole run: nothing completes, in-flight only grows until the cap.
    await using origin = await startBackend({ concurrency: 8, queue: 10_000, queueTimeoutMs: 30_000, serviceTime: { kind: 'constant', ms: 2 } });
    origin.pause(10_000);
    const { summary, series } = await runLoad({
      url: `${origin.url}/items/{key}`,
      ratePerS: 400,
      durationS: 2,
      workers: 1,
      connections: 64,
      maxInFlight: 100,
      keys: 10,
      timeoutMs: 1500,
    });
    // every intended request is accounted for: sent (then timed out) or dropped, never silently delayed
    expect(summary.requests).toBe(800);
    expect(summary.dropped).toBeGreaterThan(0);
    expect(summary.sent + summary.dropped).toBe(summary.requests);
    expect(summary.status.timeout).toBe(summary.sent);
    expect(series.reduce((n, b) => n + b.dropped, 0)).toBe(summary.dropped);
    expect(summary.generator.saturated).toBe(true);
    expect(summary.generator.reason).toMatch(new RegExp(`${summary.dropped} request\\(s\\) dropped: max in-flight per worker reached`));
  });
});

function cliRun(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('bad options: one clear line naming the option, a distinct exit code', () => {
  test.each([
    ['negative rate', ['load', '--url', 'http://127.0.0.1:9/items/{key}', '--rate', '-5', '--duration', '1s'], /--rate/],
    ['unknown distribution', ['load', '--url', 'http://127.0.0.1:9/items/{key}', '--rate', '10', '--duration', '1s', '--dist', 'pareto:2'], /--dist/],
    ['non-loopback URL without --allow-remote', ['load', '--url', 'http://192.0.2.10/items/{key}', '--rate', '10', '--duration', '1s'], /--allow-remote/],
  ])('%s -> exit 2', async (_name, args, message) => {
    const out = await cliRun(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('port in use -> exit 3 (an environment error, DESIGN.md), naming --port and the fix', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const out = await cliRun(['backend', '--port', String(port)]);
      expect(out.code).toBe(3);
      expect(out.stderr).toMatch(new RegExp(`--port.*${port}|${port}.*--port`));
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      blocker.close();
    }
  });
});
