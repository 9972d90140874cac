/**
 * SIGINT / SIGTERM at every phase of `stampede run`, through the built CLI as a user sends them: starting the cache,
 * warm-up, baseline, mid-fault, and writing the report. Each time: exit 4, a report marked `interrupted` with the
 * phase and everything measured so far, and nothing left running (no cache process, no work directory; the CLI
 * exits by itself, so no worker thread or server is left either). A second signal forces the exit.
 * Needs `pnpm build` first (the root `pnpm test` does it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../cli.js';
import { cacheWorkDirs, hasBinary, pidsNamed } from './testing/processes.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stampede-signals-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A purge at 5 s after a 4 s baseline; warm-up as given. */
function writeSpec(name: string, warmup: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}
title: interrupted on purpose
incident: test
description: test
load: { ratePerS: 200, durationS: 20s, keys: 200, workers: 1, connections: 64, timeoutMs: 2000 }
origin: { concurrency: 4, queue: 8, queueTimeoutMs: 250, serviceTime: { kind: constant, ms: 20 }, ttlS: 600 }
warmup: ${warmup}
baselineS: 4
timeline:
  - { at: 5s, action: purge-all }
observe: { maxS: 14s, stopWhenRecovered: false }
`,
  );
  return file;
}

interface Interrupted {
  code: number | null;
  stdout: string;
  stderr: string;
  /** from the (last) signal to the exit */
  exitMs: number;
  report: {
    interrupted?: { reason: string; phase?: string };
    series: unknown[];
    events: { action: string; kind?: string }[];
    verdict: { pass: boolean; failures: { metric: string }[] };
  };
}

/** Runs the CLI and sends `signal` (`times` times) once stderr contains `trigger` and `delayMs` have passed. */
async function interruptAt(opts: {
  runId: string;
  spec: string;
  cache: string;
  trigger: string;
  delayMs: number;
  signal?: NodeJS.Signals;
  times?: number;
}): Promise<Interrupted> {
  const child = spawn(process.execPath, [cli, 'run', opts.spec, '--cache', opts.cache, '--out', dir, '--run-id', opts.runId], {
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  while (!stderr.includes(opts.trigger)) {
    if (Date.now() > deadline) throw new Error(`never saw ${JSON.stringify(opts.trigger)} in:\n${stderr}`);
    await sleep(20);
  }
  await sleep(opts.delayMs);
  let signalledAt = 0;
  for (let i = 0; i < (opts.times ?? 1); i++) {
    signalledAt = Date.now();
    child.kill(opts.signal ?? 'SIGINT');
    await sleep(50);
  }
  const code = await exited;
  const exitMs = Date.now() - signalledAt;
  const file = join(dir, opts.runId, 'report.json');
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Interrupted['report']) : ({} as Interrupted['report']);
  return { code, stdout, stderr, exitMs, report };
}

describe('a signal at each phase of stampede run', () => {
  test.skipIf(!hasBinary('varnishd'))('SIGINT while varnishd starts: exit 4, report marked (phase cache), no varnishd or work dir left', async () => {
    const before = pidsNamed('varnishd', 'cache-main');
    const dirsBefore = cacheWorkDirs();
    const out = await interruptAt({ runId: 'at-cache', spec: writeSpec('at-cache', 'false'), cache: 'varnish', trigger: '· cache (varnish)', delayMs: 0 });
    expect(out.code, out.stderr).toBe(4);
    expect(out.report.interrupted?.phase).toBe('cache');
    expect(out.report.interrupted?.reason).toMatch(/SIGINT/);
    expect(out.report.series).toEqual([]);
    expect(out.stdout).toMatch(/^INTERRUPTED during cache — partial report, verdict not judged\n.*SIGINT\n.*nothing was measured yet/);
    expect([...pidsNamed('varnishd', 'cache-main')].filter((p) => !before.has(p))).toEqual([]);
    expect([...cacheWorkDirs()].filter((d) => !dirsBefore.has(d))).toEqual([]);
  }, 60_000);

  test.skipIf(!hasBinary('nginx'))('SIGTERM during a 20 s warm-up (nginx): the warm-up stops at once, exit 4, phase warmup, no nginx left', async () => {
    const before = pidsNamed('nginx');
    const dirsBefore = cacheWorkDirs();
    const out = await interruptAt({
      runId: 'at-warmup',
      spec: writeSpec('at-warmup', '{ durationS: 20s }'),
      cache: 'nginx',
      trigger: '· warmup',
      delayMs: 1000,
      signal: 'SIGTERM',
    });
    expect(out.code, out.stderr).toBe(4);
    expect(out.report.interrupted?.phase).toBe('warmup');
    expect(out.report.interrupted?.reason).toMatch(/SIGTERM/);
    // nothing of the warm-up is reported as measured
    expect(out.report.series).toEqual([]);
    // well before the 19 s of warm-up left (a warm-up that ran on would take them)
    expect(out.exitMs).toBeLessThan(10_000);
    expect([...pidsNamed('nginx')].filter((p) => !before.has(p))).toEqual([]);
    expect([...cacheWorkDirs()].filter((d) => !dirsBefore.has(d))).toEqual([]);
  }, 60_000);

  test('SIGINT during the baseline (embedded): exit 4, phase load, the baseline buckets kept, no fault yet', async () => {
    const out = await interruptAt({ runId: 'at-baseline', spec: writeSpec('at-baseline', '{ durationS: 1s }'), cache: 'embedded', trigger: '· load', delayMs: 2500 });
    expect(out.code, out.stderr).toBe(4);
    expect(out.report.interrupted?.phase).toBe('load');
    expect(out.report.series.length).toBeGreaterThanOrEqual(1);
    expect(out.report.events.some((e) => e.action === 'purge-all')).toBe(false);
    expect(out.report.events.filter((e) => e.kind === 'fault')).toEqual([]);
    expect(out.report.verdict.failures.map((f) => f.metric)).toContain('interrupted');
  }, 60_000);

  test('SIGINT mid-fault (embedded): exit 4, the purge and the storm so far are in the report', async () => {
    const out = await interruptAt({ runId: 'mid-fault', spec: writeSpec('mid-fault', '{ durationS: 1s }'), cache: 'embedded', trigger: '! purge-all', delayMs: 1500 });
    expect(out.code, out.stderr).toBe(4);
    expect(out.report.interrupted?.phase).toBe('load');
    expect(out.report.events.some((e) => e.action === 'purge-all' && e.kind === 'action')).toBe(true);
    expect(out.report.series.length).toBeGreaterThanOrEqual(5);
    expect(out.report.verdict.pass).toBe(false);
  }, 60_000);

  test('a second SIGINT forces the exit at once (exit 4), without waiting for a hung origin to drain', async () => {
    // the origin hangs, so the graceful stop would wait up to the 8 s client timeout for the requests in flight
    const spec = join(dir, 'forced.yaml');
    writeFileSync(
      spec,
      `name: forced
title: the origin hangs, the user insists
incident: test
description: test
load: { ratePerS: 100, durationS: 20s, keys: 1000, distribution: uniform, workers: 1, connections: 64, timeoutMs: 8000 }
origin: { concurrency: 4, queue: 64, queueTimeoutMs: 20000, serviceTime: { kind: constant, ms: 5 }, ttlS: 1 }
cache: { kind: embedded, coalescing: false }
warmup: false
baselineS: 2
timeline:
  - { at: 2s, action: origin-pause, durationS: 15 }
observe: { maxS: 16s, stopWhenRecovered: false }
`,
    );
    const out = await interruptAt({ runId: 'forced', spec, cache: 'embedded', trigger: '! origin-pause', delayMs: 1000, times: 2 });
    expect(out.code, out.stderr).toBe(4);
    expect(out.stderr).toMatch(/second SIGINT, forcing exit/);
    expect(out.exitMs).toBeLessThan(3000);
  }, 60_000);

  test('SIGINT while the report is written: the files are whole, marked interrupted (phase report), exit 4', async () => {
    const spec = writeSpec('at-report', 'false');
    const controller = new AbortController();
    let stderrText = '';
    const stderr = new PassThrough();
    stderr.on('data', (d: Buffer) => {
      stderrText += d.toString();
      // the moment the run command starts writing: the same abort the CLI's signal handler does
      if (stderrText.includes('· report') && !controller.signal.aborted) controller.abort(new Error('interrupted by SIGINT'));
    });
    const stdout = new PassThrough();
    stdout.resume();
    const code = await main(['run', spec, '--out', dir, '--run-id', 'at-report', '--duration', '8s'], {
      stdout,
      stderr,
      env: { ...process.env, CI: 'true' },
      signal: controller.signal,
    });
    expect(code, stderrText).toBe(4);
    const report = JSON.parse(readFileSync(join(dir, 'at-report', 'report.json'), 'utf8')) as Interrupted['report'];
    expect(report.interrupted?.phase).toBe('report');
    expect(report.series.length).toBeGreaterThanOrEqual(8);
    expect(report.events.some((e) => e.action === 'purge-all')).toBe(true);
    expect(report.verdict.failures.map((f) => f.metric)).toContain('interrupted');
    expect(readFileSync(join(dir, 'at-report', 'report.md'), 'utf8')).toMatch(/Interrupted/);
    expect(readFileSync(join(dir, 'at-report', 'report.html'), 'utf8')).toMatch(/<\/html>\s*$/);
  }, 60_000);
});
