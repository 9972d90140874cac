/**
 * `stampede run` through the built CLI, as a user runs it: exit codes, report files, --json (signals: run-signals.test.ts).
 * Needs `pnpm build` first (the root `pnpm test` does it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { freePort } from './testing/free-port.js';
import { runBuiltCli } from './testing/run-built-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'stampede-run-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A short purge on the embedded cache: warm-up 1 s, baseline 4 s, purge at 5 s, at most 12 s of load. */
const specFile = join(dir, 'short-purge.yaml');
writeFileSync(
  specFile,
  `name: short-purge
title: a short global purge
incident: test
description: test
load: { ratePerS: 300, durationS: 12s, keys: 300, distribution: "zipf:1.1", workers: 1, connections: 256 }
origin: { concurrency: 4, queue: 8, queueTimeoutMs: 250, serviceTime: { kind: constant, ms: 25 }, ttlS: 600 }
cache: { kind: embedded, coalescing: false }
warmup: { durationS: 1s }
baselineS: 4
timeline:
  - { at: 5s, action: purge-all }
observe: { maxS: 6s, stopWhenRecovered: true, extraS: 1s }
recovery: { windowS: 2 }
thresholds: ["rate503 < 0.5"]
`,
);

const runCli = (args: string[]) => runBuiltCli(args, { cwd: dir });


describe('stampede run (CLI)', () => {
  test('--json: one JSON line, report files written, exit code follows the verdict; --origin-listen places the origin', async () => {
    const port = await freePort();
    const out = await runCli(['run', specFile, '--json', '--out', join(dir, 'reports'), '--run-id', 'json-run', '--origin-listen', `127.0.0.1:${port}`]);
    expect(out.stderr).toBe('');
    const line = JSON.parse(out.stdout.trim()) as { runId: string; dir: string; files: string[]; verdict: { pass: boolean } };
    expect(line.runId).toBe('json-run');
    expect(out.code).toBe(line.verdict.pass ? 0 : 1);
    for (const f of ['report.json', 'report.md', 'report.html']) expect(existsSync(join(line.dir, f))).toBe(true);
    const report = JSON.parse(readFileSync(join(line.dir, 'report.json'), 'utf8')) as { schema: string; events: { action: string }[]; origin: { port: number } };
    expect(report.schema).toBe('stampede.report/v1');
    expect(report.origin.port).toBe(port);
    expect(report.events.map((e) => e.action)).toContain('purge-all');
  }, 60_000);

  test.each([
    [['run', 'global-purj'], /unknown scenario.*global-purge/is],
    [['run', join(dir, 'missing.yaml')], /missing\.yaml/],
    [['run', 'global-purge', '--rate', '-5'], /--rate/],
    [['run', 'global-purge', '--duration', 'soon'], /--duration/],
    [['run', 'global-purge', '--cache', 'squid'], /squid/],
  ])('bad input %j: exit 2 with one clear message', async (args, message) => {
    const out = await runCli(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
  });
});
