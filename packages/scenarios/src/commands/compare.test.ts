/**
 * `stampede compare` on real runs of the embedded cache: a short global purge (~10 s of load per side, 50 hot keys,
 * a slow 4-slot origin) with coalescing off (A) and on (B). About 25 s in all.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import yargs from 'yargs';
import type { Comparison } from '../compare/comparison.js';
import { readReport } from '../record/report-json.js';
import type { CommandIo } from './command.js';
import { compareCommand, type CompareArgs } from './compare.js';

let dir: string;
let spec: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stampede-compare-'));
  spec = join(dir, 'short-purge.yaml');
  // 4 slots x 100 ms = 40 req/s of origin against 300 req/s over 50 keys: without coalescing every concurrent miss
  // of a hot key reaches the origin; with it, about one fetch per key.
  await writeFile(
    spec,
    `name: short-purge
title: a short global purge
incident: test
description: test
load: { ratePerS: 300, durationS: 11s, keys: 50, distribution: "zipf:1.1", workers: 1, connections: 256 }
origin: { concurrency: 4, queue: 16, queueTimeoutMs: 500, serviceTime: { kind: constant, ms: 100 }, ttlS: 600 }
cache: { kind: embedded }
warmup: { durationS: 1s }
baselineS: 4
timeline:
  - { at: 5s, action: purge-all }
observe: { maxS: 5s, stopWhenRecovered: true, extraS: 1s }
recovery: { windowS: 2 }
thresholds: ["rate503 < 0.01"]
`,
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function parse(argv: string[]): CompareArgs {
  return yargs(['compare', ...argv])
    .strict()
    .exitProcess(false)
    .command(compareCommand.command, compareCommand.describe, compareCommand.builder)
    .parseSync() as unknown as CompareArgs;
}

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (c: Buffer, _e, done) => (into.push(c.toString()), done()) });
  const io: CommandIo = { stdout: sink(out), stderr: sink(err), env: { CI: 'true' }, signal: new AbortController().signal };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function failure(argv: string[]): Promise<Error & { code: string; problems: string[] }> {
  const started = Date.now();
  try {
    await compareCommand.handler(parse(argv), fakeIo().io);
  } catch (err) {
    // refused before anything ran
    expect(Date.now() - started).toBeLessThan(2000);
    return err as Error & { code: string; problems: string[] };
  }
  throw new Error('expected the command to fail');
}

describe('stampede compare', () => {
  test('coalescing off vs on: B sends the origin far fewer requests after the purge; both reports and the comparison written', async () => {
    const cli = fakeIo();
    const code = await compareCommand.handler(
      parse([spec, '--a', 'embedded:coalescing=off', '--b', 'embedded:coalescing=on', '--out', dir, '--run-id', 'cmp', '--json']),
      cli.io,
    );
    expect(code).toBe(0);
    expect(cli.stderr()).toBe('');
    const line = JSON.parse(cli.stdout()) as { dir: string; files: string[]; interrupted: boolean };
    expect(line.dir).toBe(join(dir, 'cmp'));
    expect(line.interrupted).toBe(false);
    for (const f of ['a/report.json', 'a/report.html', 'b/report.json', 'b/report.md', 'compare.json', 'compare.md', 'compare.html']) {
      expect(existsSync(join(dir, 'cmp', f)), f).toBe(true);
      expect(line.files).toContain(join(dir, 'cmp', f));
    }

    const comparison = JSON.parse(await readFile(join(dir, 'cmp', 'compare.json'), 'utf8')) as Comparison;
    const a = readReport(await readFile(join(dir, 'cmp', 'a', 'report.json'), 'utf8'));
    const b = readReport(await readFile(join(dir, 'cmp', 'b', 'report.json'), 'utf8'));
    expect(a.scenario.spec).toMatchObject({ cache: { kind: 'embedded', coalescing: false } });
    expect(b.scenario.spec).toMatchObject({ cache: { kind: 'embedded', coalescing: true } });
    expect(comparison.a).toMatchObject({ config: 'embedded:coalescing=off', runId: a.runId, dir: 'a' });
    expect(comparison.b).toMatchObject({ config: 'embedded:coalescing=on', runId: b.runId, dir: 'b' });

    const after = comparison.rows.find((r) => r.metric === 'origin.arrivalsAfterFault')!;
    const [arrivalsA, arrivalsB] = [after.a as number, after.b as number];
    // with coalescing about one fetch per key (50), without it several per hot key
    expect(arrivalsB).toBeLessThan(arrivalsA * 0.6);
    expect(arrivalsB).toBeLessThanOrEqual(50 + 30);
    expect(after.outcome).toBe('better');

    const html = await readFile(join(dir, 'cmp', 'compare.html'), 'utf8');
    expect(html).toContain('id="chart-origin"');
    expect(html).toContain('A purge-all');
    expect(html).toContain('B purge-all');
  }, 90_000);

  test('bad configs on both sides: one usage error naming --a and --b, before anything runs', async () => {
    const err = await failure([spec, '--a', 'squid', '--b', 'embedded:coalescing=sometimes']);
    expect(err.code).toBe('STAMPEDE_USAGE');
    expect(err.problems).toEqual([
      expect.stringMatching(/^--a "squid": give a VCL file/),
      '--b "embedded:coalescing=sometimes": coalescing must be on or off (got "sometimes")',
    ]);
  });

  test('a config the scenario cannot take: a spec error naming the flag, before A runs', async () => {
    const err = await failure([spec, '--a', 'embedded', '--b', 'nginx:max-count=5']);
    expect(err.code).toBe('STAMPEDE_SPEC');
    expect(err.message).toMatch(/with --b "nginx:max-count=5": cache\.maxCount applies to the embedded cache only/);
  });

  test('a missing VCL file: a usage error', async () => {
    const err = await failure([spec, '--a', join(dir, 'nope.vcl'), '--b', 'embedded']);
    expect(err.code).toBe('STAMPEDE_USAGE');
    expect(err.message).toMatch(/--a ".*nope\.vcl": .*cannot be read/);
  });
});
