import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import yargs from 'yargs';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { emptyCacheCounts, emptyStatusCounts, LoadSpecError, RemoteTargetError, type LoadBucket, type LoadResult } from '@stampede/loadgen';
import { ExitCode, exitCodeFor } from '../exit-codes.js';
import { writeFileAtomic } from '../report/write-file-atomic.js';
import type { CommandIo } from './command.js';
import { formatProgressLine, formatSummary, loadCommand, loadSpecFromArgs, toFlagProblem, type LoadArgs } from './load.js';

// the real writer, watched: --out must go through the one writer that fsyncs (the command once had its own that did not)
vi.mock('../report/write-file-atomic.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../report/write-file-atomic.js')>();
  return { writeFileAtomic: vi.fn(real.writeFileAtomic) };
});

class Capture extends Writable {
  text = '';
  isTTY?: boolean;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function io(options: { tty?: boolean; env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  if (options.tty) stdout.isTTY = true;
  const value: CommandIo = {
    stdout,
    stderr,
    env: options.env ?? {},
    signal: options.signal ?? new AbortController().signal,
  };
  return { io: value, stdout, stderr };
}

/** A real origin on 127.0.0.1:0 that answers 200 with X-Cache: HIT and counts requests. */
async function origin(): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'x-cache': 'HIT' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

/** Parses argv with the command's own builder, then runs its handler, like cli.ts does. */
async function runCli(argv: string[], commandIo: CommandIo): Promise<number> {
  let code: number = -1;
  await yargs(['load', ...argv])
    .strict()
    .command(loadCommand.command, loadCommand.describe, loadCommand.builder, async (args) => {
      code = await loadCommand.handler(args as unknown as LoadArgs, commandIo);
    })
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync();
  return code;
}

function problemsOf(args: LoadArgs): readonly string[] {
  try {
    loadSpecFromArgs(args);
  } catch (err) {
    expect(err).toBeInstanceOf(LoadSpecError);
    expect(exitCodeFor(err)).toBe(ExitCode.usage);
    return (err as LoadSpecError).problems;
  }
  throw new Error('expected a LoadSpecError');
}

describe('loadSpecFromArgs', () => {
  it('maps every flag onto the spec', () => {
    const spec = loadSpecFromArgs({
      url: 'http://127.0.0.1:9/items/{key}',
      rate: 250,
      duration: '2m',
      keys: 50,
      dist: 'hotset:0.1:0.9',
      workers: 1,
      connections: 8,
      pipelining: 2,
      'timeout-ms': 500,
      'max-in-flight': 99,
      arrival: 'poisson',
      'interval-ms': 250,
      'cache-header': 'X-Cache-Status',
      seed: 7,
      method: 'head',
      header: ['Accept: text/plain', 'x-run: 1'],
    });
    expect(spec).toMatchObject({
      ratePerS: 250,
      durationS: 120,
      keys: 50,
      distribution: { kind: 'hotset', hotFraction: 0.1, hotTrafficFraction: 0.9 },
      workers: 1,
      connections: 8,
      pipelining: 2,
      timeoutMs: 500,
      maxInFlight: 99,
      arrival: 'poisson',
      intervalMs: 250,
      cacheHeader: 'x-cache-status',
      seed: 7,
      method: 'HEAD',
      headers: { accept: 'text/plain', 'x-run': '1' },
    });
  });

  it('stages replace rate and duration', () => {
    const spec = loadSpecFromArgs({ url: 'http://127.0.0.1:9/', stages: '1s:10,2s:20', 'start-rate': 5 });
    expect(spec.durationS).toBe(3);
    expect(spec.stages).toEqual([
      { durationS: 1, targetRatePerS: 10 },
      { durationS: 2, targetRatePerS: 20 },
    ]);
    expect(spec.startRatePerS).toBe(5);
  });

  it('takes a compound --duration such as 1m30s, as a scenario spec does', () => {
    expect(loadSpecFromArgs({ url: 'http://127.0.0.1:9/', rate: 10, duration: '1m30s' }).durationS).toBe(90);
    expect(loadSpecFromArgs({ url: 'http://127.0.0.1:9/', stages: '1m30s:10' }).durationS).toBe(90);
  });

  it('names every bad flag at once', () => {
    expect(
      problemsOf({ url: 'http://127.0.0.1:9/', rate: -5, duration: '3 days', dist: 'zipf:x', keys: 0, header: ['nocolon'] }),
    ).toEqual([
      '--duration must be a positive duration like 500ms, 30s, 2m, 1h or plain seconds (got "3 days")',
      '--dist has a part that is not a number (got "zipf:x"); use uniform, zipf:S (e.g. zipf:1.1) or hotset:HOT_FRACTION:HOT_TRAFFIC (e.g. hotset:0.1:0.9)',
      '--header must be "name: value" (got "nocolon")',
      '--keys must be >= 1 (got 0)',
      '--rate must be > 0 (got -5)',
    ]);
    expect(problemsOf({ url: 'http://127.0.0.1:9/' })).toEqual([
      '--rate is required for the open model (or give --stages)',
      '--duration is required (or give --stages)',
    ]);
  });

  it('bounds --rate and the --stages targets as a scenario spec bounds load.ratePerS', () => {
    expect(problemsOf({ url: 'http://127.0.0.1:9/', rate: 2_000_000, duration: '1s' })).toEqual([
      '--rate must be <= 1000000 (got 2000000)',
    ]);
    expect(problemsOf({ url: 'http://127.0.0.1:9/', stages: '1s:2000000' })).toEqual([
      '--stages[0].targetRatePerS must be <= 1000000 (got 2000000)',
    ]);
  });

  it('--retry-* flags turn client retries on, with defaults for the rest; bad ones are named as flags', () => {
    const base = { url: 'http://127.0.0.1:9/', rate: 10, duration: '1s' };
    expect(loadSpecFromArgs(base).retry).toBeUndefined();
    expect(loadSpecFromArgs({ ...base, 'retry-attempts': 4, 'retry-on': '503, timeout', 'retry-budget': 0.1 }).retry).toEqual({
      on: ['503', 'timeout'],
      maxAttempts: 4,
      backoff: 'exponential',
      baseMs: 100,
      maxMs: 10_000,
      multiplier: 2,
      jitter: 'full',
      budget: { ratio: 0.1, minPerS: 0, windowS: 10 },
    });
    expect(loadSpecFromArgs({ ...base, 'retry-backoff': 'constant', 'retry-base-ms': 5, 'retry-jitter': 'none' }).retry).toMatchObject({
      backoff: 'constant',
      baseMs: 5,
      jitter: 'none',
      maxAttempts: 3,
    });
    expect(problemsOf({ ...base, 'retry-attempts': 0, 'retry-on': '404', 'retry-base-ms': 50, 'retry-max-ms': 10 })).toEqual([
      '--retry-on[0] must be one of "503", "5xx", "timeout", "connError" (got "404")',
      '--retry-attempts must be >= 1 (got 0)',
      '--retry-max-ms must be >= --retry-base-ms (got maxMs 10, baseMs 50)',
    ]);
  });

  it('refuses remote targets unless --allow-remote', () => {
    let error: unknown;
    try {
      loadSpecFromArgs({ url: 'http://198.51.100.7/', rate: 1, duration: '1s' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RemoteTargetError);
    expect(exitCodeFor(error)).toBe(ExitCode.usage);
    expect((error as Error).message).toContain('--allow-remote');
    expect(loadSpecFromArgs({ url: 'http://198.51.100.7/', rate: 1, duration: '1s', 'allow-remote': true }).allowRemote).toBe(
      true,
    );
  });

  it.each([
    ['ratePerS must be > 0 (got -5)', '--rate must be > 0 (got -5)'],
    ['timeoutMs must be > 0 (got 0)', '--timeout-ms must be > 0 (got 0)'],
    ['ratePerS and stages are exclusive', '--rate and --stages are exclusive'],
    ['distribution.s must be >= 0 (got -1)', '--dist.s must be >= 0 (got -1)'],
    ['stages[0].durationS must be > 0', '--stages[0].durationS must be > 0'],
  ])('toFlagProblem(%j) = %j', (problem, flagged) => {
    expect(toFlagProblem(problem)).toBe(flagged);
  });
});

describe('formatting', () => {
  const bucket: LoadBucket = {
    t: 2000,
    intended: 500,
    sent: 500,
    dropped: 3,
    responses: 480,
    status: { ...emptyStatusCounts(), '2xx': 470, '503': 10, timeout: 2 },
    cache: { ...emptyCacheCounts(), hit: 360, miss: 120 },
    latencyMs: { p50: 0.42, p99: 12.5, max: 40 },
    histogram: '',
  };

  it('one progress line per interval', () => {
    expect(formatProgressLine(bucket, 1000, 500)).toBe(
      '   1.5s  sent 1000/s  resp 960/s  503 20/s  p50 0.42 ms  p99 12.5 ms  hit 75.0%  dropped 3  errors 2 timeout, 0 conn',
    );
  });
});

describe('stampede load', () => {
  it('--json prints the LoadResult on stdout only, and --out writes it atomically', async () => {
    vi.mocked(writeFileAtomic).mockClear();
    const { url, requests } = await origin();
    const dir = await mkdtemp(join(tmpdir(), 'stampede-load-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const out = join(dir, 'nested', 'result.json');
    const { io: commandIo, stdout, stderr } = io({ tty: true });
    const code = await runCli(
      ['--url', `${url}/items/{key}`, '--rate', '200', '--duration', '500ms', '--workers', '1', '--connections', '2', '--interval-ms', '100', '--json', '--out', out],
      commandIo,
    );
    expect(code).toBe(ExitCode.pass);
    const printed = JSON.parse(stdout.text) as LoadResult;
    expect(printed.summary.requests).toBe(100);
    expect(printed.summary.responses).toBe(requests());
    expect(printed.summary.cache.hit).toBe(100);
    expect(stderr.text).toBe('');
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(printed);
    expect(await readdir(join(dir, 'nested'))).toEqual(['result.json']);
    expect(vi.mocked(writeFileAtomic).mock.calls).toEqual([[out, stdout.text]]);
  });

  it('shows progress on an interactive terminal and a human summary at the end', async () => {
    const { url } = await origin();
    const { io: commandIo, stdout, stderr } = io({ tty: true });
    const code = await runCli(
      ['--url', `${url}/`, '--rate', '100', '--duration', '0.3', '--workers', '1', '--connections', '1', '--interval-ms', '100'],
      commandIo,
    );
    expect(code).toBe(ExitCode.pass);
    const lines = stderr.text.trim().split('\n');
    expect(lines[0]).toMatch(/^load: http:\/\/127\.0\.0\.1:\d+\/ from /);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines[1]).toMatch(/^\s+0\.1s {2}sent 100\/s {2}resp \d+\/s {2}503 0\/s {2}p50 [\d.]+ ms {2}p99 [\d.]+ ms {2}hit 100\.0% {2}dropped 0$/);
    expect(stdout.text).toContain('requests 30 over 0.3 s');
    expect(stdout.text).toContain('(hit ratio 100.0%)');
    expect(stdout.text).toMatch(/generator (ok|SATURATED)/);
  });

  it.each([
    ['closed model', ['--model', 'closed', '--duration', '0.3', '--connections', '2']],
    ['stages', ['--stages', '200ms:100,200ms:100']],
  ])('runs the %s', async (_name, flags) => {
    const { url, requests } = await origin();
    const { io: commandIo, stdout } = io();
    const code = await runCli(['--url', `${url}/`, '--workers', '1', '--interval-ms', '100', '--json', ...flags], commandIo);
    expect(code).toBe(ExitCode.pass);
    const result = JSON.parse(stdout.text) as LoadResult;
    expect(result.summary.responses).toBeGreaterThan(0);
    expect(result.summary.responses).toBe(requests());
  });

  it('is quiet when CI=true (summary only)', async () => {
    const { url } = await origin();
    const { io: commandIo, stdout, stderr } = io({ tty: true, env: { CI: 'true' } });
    await runCli(['--url', `${url}/`, '--rate', '50', '--duration', '0.2', '--workers', '1', '--interval-ms', '100'], commandIo);
    expect(stderr.text).toBe('');
    expect(stdout.text).toContain('stampede load');
  });

  it('an interrupt stops the run, keeps what was measured and exits 4', async () => {
    const { url, requests } = await origin();
    const dir = await mkdtemp(join(tmpdir(), 'stampede-load-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const out = join(dir, 'partial.json');
    const controller = new AbortController();
    const { io: commandIo, stdout } = io({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('interrupted by SIGINT')), 1200);
    const code = await runCli(
      ['--url', `${url}/`, '--rate', '100', '--duration', '60s', '--workers', '1', '--interval-ms', '100', '--out', out],
      commandIo,
    );
    expect(code).toBe(ExitCode.interrupted);
    const partial = JSON.parse(await readFile(out, 'utf8')) as LoadResult;
    expect(partial.stoppedEarly).toBe(true);
    expect(partial.summary.responses).toBe(requests());
    expect(partial.summary.requests).toBeLessThan(6000);
    expect(stdout.text).toContain('stopped early');
  });

  it('a bad flag throws its coded error (exit 2 in cli.ts)', async () => {
    const { io: commandIo } = io();
    await expect(runCli(['--url', 'http://127.0.0.1:9/', '--rate', '0', '--duration', '1s'], commandIo)).rejects.toMatchObject({
      code: 'STAMPEDE_LOAD_SPEC',
    });
    await expect(runCli(['--url', 'http://example.com/', '--rate', '1', '--duration', '1s'], commandIo)).rejects.toMatchObject({
      code: 'STAMPEDE_REMOTE_TARGET',
    });
  });
});

describe('summary text', () => {
  it('says when the generator was saturated and why', () => {
    const result = {
      spec: { url: 'http://127.0.0.1:1/', model: 'open', arrival: 'constant', ratePerS: 10, stages: [], workers: 1, durationS: 1, connections: 1, pipelining: 1 },
      t0: 0,
      endedAt: 1000,
      stoppedEarly: false,
      summary: {
        requests: 10,
        sent: 5,
        responses: 5,
        dropped: 5,
        status: { ...emptyStatusCounts(), '2xx': 5 },
        cache: emptyCacheCounts(),
        rate503: 0,
        peak503PerSec: 0,
        achievedRatePerS: 5,
        latencyMs: { p50: 1, p90: 1, p99: 1, p999: 1, max: 1 },
        serviceTimeMs: { p50: 1, p90: 1, p99: 1, p999: 1, max: 1 },
        generator: { saturated: true, scheduleLagP99Ms: 1, scheduleLagMaxMs: 2, reason: '5 request(s) dropped' },
      },
    } as unknown as LoadResult;
    expect(formatSummary(result)).toContain('generator SATURATED: 5 request(s) dropped');
    expect(formatSummary(result)).not.toContain('retries');
    result.summary.retry = { logical: 5, attempts: 9, retries: 4, budgetDenied: 1, gaveUp: 2, amplification: 1.8 };
    expect(formatSummary(result)).toContain(
      '  retries  9 attempts for 5 requests (1.80x): 4 retries, 1 denied by the budget, 2 gave up   (status and cache count attempts)',
    );
  });
});
