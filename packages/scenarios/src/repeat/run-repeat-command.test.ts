/**
 * `stampede run --repeat N` end to end on the embedded cache (two real runs of a tiny steady scenario, ~10 s): one
 * report written, holding the statistics the gate reads.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import yargs from 'yargs';
import type { CommandIo } from '../commands/command.js';
import { runCommand } from '../commands/run.js';
import { gateReports } from '../gate/gate-reports.js';
import { readRepeatStats } from '../gate/read-repeat-stats.js';
import { readReport } from '../record/report-json.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stampede-repeat-'));
  await writeFile(
    join(dir, 'tiny.yaml'),
    `name: tiny-steady
title: a tiny steady load
incident: test
description: test
load: { ratePerS: 40, durationS: 3s, keys: 50, distribution: "zipf:1.1", workers: 1, connections: 32 }
origin: { concurrency: 4, queue: 8, serviceTime: { kind: constant, ms: 5 }, ttlS: 600 }
cache: { kind: embedded }
warmup: { durationS: 0 }
baselineS: 1
expect: { recovers: any }
thresholds: ["rate503 < 0.5"]
`,
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function io(): { io: CommandIo; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (c: Buffer, _e, done) => (into.push(c.toString()), done()) });
  return {
    io: { stdout: sink(out), stderr: sink(err), env: { CI: 'true' }, signal: new AbortController().signal },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

function parse(argv: string[]) {
  return yargs(['run', ...argv]).strict().exitProcess(false).command(runCommand.command, runCommand.describe, runCommand.builder).parseSync();
}

describe('stampede run --repeat', () => {
  test('two runs, one report with repeat statistics the gate reads; a progress line per run', async () => {
    const cli = io();
    const args = parse([join(dir, 'tiny.yaml'), '--repeat', '2', '--out', dir, '--run-id', 'twice']);
    const code = await runCommand.handler(args as never, cli.io);
    expect(code).toBe(0);
    expect(cli.stderr()).toMatch(/run 1 of 2: PASS/);
    expect(cli.stderr()).toMatch(/run 2 of 2: PASS/);
    expect(cli.stdout()).toMatch(/2 runs; the report shows run \d/);
    const file = join(dir, 'twice', 'report.json');
    const report = readReport(await readFile(file, 'utf8'), file);
    expect(report.runId).toBe('twice');
    const stats = readRepeatStats(report, file);
    expect(stats?.n).toBe(2);
    expect(stats?.metrics['responses']?.values).toHaveLength(2);
    const gate = gateReports(report, report, {});
    expect(gate.baseline.runs).toBe(2);
    expect(gate.pass).toBe(true);
  }, 60_000);

  test('--repeat out of range: a usage error before anything runs', async () => {
    const args = parse([join(dir, 'tiny.yaml'), '--repeat', '51']);
    await expect(runCommand.handler(args as never, io().io)).rejects.toMatchObject({ code: 'STAMPEDE_USAGE' });
  });
});
