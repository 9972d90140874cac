import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import yargs from 'yargs';
import { BackendOptionsError, PortInUseError, startBackend } from '@stampede/fake-backend';
import type { CommandIo } from './command.js';
import { backendCommand, backendOptionsFromArgs, formatServiceTime, parseServiceTime, type BackendArgs } from './backend.js';

/** Parse argv with the command's own builder, as cli.ts would. */
function parse(argv: string[]): BackendArgs {
  return backendCommand.builder(yargs(argv).strict().exitProcess(false)).parseSync() as unknown as BackendArgs;
}

/** A CommandIo whose stdout/stderr collect text and whose signal the test aborts (SIGINT stand-in). */
function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        into.push(chunk.toString());
        done();
      },
    });
  const controller = new AbortController();
  const io: CommandIo = { stdout: sink(out), stderr: sink(err), env: {}, signal: controller.signal };
  return { io, out, err, abort: () => controller.abort(new Error('interrupted by SIGINT')) };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 5000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('parseServiceTime', () => {
  test.each([
    ['constant:20', { kind: 'constant', ms: 20 }],
    ['constant:0', { kind: 'constant', ms: 0 }],
    ['exp:12.5', { kind: 'exponential', meanMs: 12.5 }],
    ['exponential:7', { kind: 'exponential', meanMs: 7 }],
    ['lognormal:20:80', { kind: 'lognormal', p50Ms: 20, p99Ms: 80 }],
  ])('%s', (text, model) => {
    expect(parseServiceTime(text)).toEqual(model);
    expect(parseServiceTime(formatServiceTime(parseServiceTime(text)))).toEqual(model);
  });

  test.each(['', 'constant', 'constant:', 'constant:x', 'exp:1:2', 'lognormal:20', 'normal:20', 'lognormal:20:Infinity'])(
    '%j is a usage problem naming --service-time',
    (text) => {
      let error: unknown;
      try {
        parseServiceTime(text);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(BackendOptionsError);
      expect((error as BackendOptionsError).code).toBe('STAMPEDE_BACKEND_OPTIONS');
      expect((error as Error).message).toContain(`--service-time must be constant:MS, exp:MEAN_MS or lognormal:P50_MS:P99_MS`);
      expect((error as Error).message).toContain(`(got ${JSON.stringify(text)})`);
    },
  );
});

describe('flags', () => {
  test('defaults come from the backend defaults', () => {
    const options = backendOptionsFromArgs(parse([]));
    expect(options).toMatchObject({ host: '127.0.0.1', port: 0, concurrency: 32, queue: 64, ttlS: 60, serviceTime: { kind: 'lognormal', p50Ms: 20, p99Ms: 80 } });
  });

  test('every flag reaches its option', () => {
    const args = parse([
      '--port', '0', '--admin-port', '0', '--concurrency', '4', '--queue', '8', '--queue-timeout-ms', '250',
      '--retry-after', '2', '--service-time', 'exp:15', '--contention', '0.5', '--ttl', '30', '--swr', '10',
      '--ttl-jitter', '5', '--body-bytes', '256', '--seed', '9', '--interval-ms', '500', '--host', '::1', '--json',
      '--serve-abandoned',
    ]);
    expect(args.json).toBe(true);
    expect(backendOptionsFromArgs(args)).toEqual({
      host: '::1',
      port: 0,
      adminPort: 0,
      allowRemote: false,
      concurrency: 4,
      queue: 8,
      queueTimeoutMs: 250,
      retryAfterS: 2,
      serviceTime: { kind: 'exponential', meanMs: 15 },
      contention: 0.5,
      ttlS: 30,
      staleWhileRevalidateS: 10,
      ttlJitterPct: 5,
      bodyBytes: 256,
      seed: 9,
      intervalMs: 500,
      contentVersion: 1,
      serveAbandoned: true,
    });
  });

  test('bad values are named by flag, all at once', () => {
    const args = parse(['--concurrency', '-2', '--ttl', 'abc', '--service-time', 'lognormal:20:10', '--host', '0.0.0.0']);
    let error: BackendOptionsError | undefined;
    try {
      backendOptionsFromArgs(args);
    } catch (err) {
      error = err as BackendOptionsError;
    }
    expect(error?.problems.map((p) => p.message).sort()).toEqual(
      [
        '--host must be a loopback address (127.0.0.1, ::1, localhost) unless --allow-remote is given (got "0.0.0.0")',
        '--concurrency must be an integer >= 1 (got -2)',
        '--service-time "lognormal:20:10": serviceTime.p99Ms must be >= serviceTime.p50Ms (got 10)',
        '--ttl must be an integer between 0 and 31536000 (got NaN)',
      ].sort(),
    );
    expect(error?.problems).toHaveLength(4);
    expect(backendOptionsFromArgs(parse(['--host', '0.0.0.0', '--allow-remote'])).host).toBe('0.0.0.0');
  });

  test('--help describes every option', async () => {
    const help = await backendCommand.builder(yargs([]).exitProcess(false)).getHelp();
    for (const flag of [
      'host', 'port', 'admin-port', 'allow-remote', 'concurrency', 'queue', 'queue-timeout-ms', 'retry-after',
      'service-time', 'contention', 'ttl', 'swr', 'ttl-jitter', 'body-bytes', 'seed', 'interval-ms', 'json',
    ]) {
      // `  --flag   description ...` : the flag starts its line and a description follows
      expect(help, `--${flag}`).toMatch(new RegExp(`^\\s+--${flag}\\s+[a-zA-Z]\\S*\\s+\\S`, 'm'));
    }
  });
});

describe('handler', () => {
  test('--json prints exactly one JSON line when ready, serves, and stops with 0 when the signal aborts', async () => {
    const { io, out, abort } = fakeIo();
    const running = backendCommand.handler(parse(['--json', '--service-time', 'constant:1', '--body-bytes', '16']), io);
    await until(() => out.join('').includes('\n'), 'the ready line');
    const ready = JSON.parse(out.join('')) as Record<string, string>;
    expect(Object.keys(ready)).toEqual(['url', 'adminUrl']);
    expect(ready['url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready['adminUrl']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${ready['url']}/items/k`);
    expect(res.status).toBe(200);
    expect(await res.text()).toHaveLength(16);
    expect((await fetch(`${ready['adminUrl']}/stats`)).status).toBe(200);

    abort();
    expect(await running).toBe(0);
    expect(out.join('').split('\n').filter(Boolean)).toHaveLength(1);
    await expect(fetch(`${ready['url']}/items/k`)).rejects.toThrow();
    await expect(fetch(`${ready['adminUrl']}/stats`)).rejects.toThrow();
  });

  test('without --json: a human ready line, and a summary on stop', async () => {
    const { io, out, abort } = fakeIo();
    const running = backendCommand.handler(parse(['--concurrency', '3', '--service-time', 'constant:1']), io);
    await until(() => out.length > 0, 'the ready line');
    const url = /fake origin on (http:\/\/\S+)/.exec(out[0]!)?.[1];
    expect(url).toBeDefined();
    expect(out[0]).toContain('3 slots');
    await (await fetch(`${url}/items/a`)).arrayBuffer();
    abort();
    expect(await running).toBe(0);
    expect(out.at(-1)).toMatch(/^stopped: 1 arrivals, 1 served, 0 rejected \(503\)/);
  });

  test('bad flags throw before anything listens (exit 2 via STAMPEDE_BACKEND_OPTIONS)', async () => {
    const { io, out } = fakeIo();
    await expect(backendCommand.handler(parse(['--queue', '-1']), io)).rejects.toMatchObject({
      code: 'STAMPEDE_BACKEND_OPTIONS',
      message: expect.stringContaining('--queue must be an integer >= 0 (got -1)'),
    });
    expect(out).toEqual([]);
  });

  test('a taken port throws PortInUseError naming --port (exit 3)', async () => {
    await using other = await startBackend();
    const port = new URL(other.url).port;
    const { io } = fakeIo();
    const error = await backendCommand.handler(parse(['--port', port, '--json']), io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as PortInUseError).code).toBe('STAMPEDE_PORT_IN_USE');
    expect((error as Error).message).toContain('--port');
  });
});
