/**
 * `stampede capacity`: the shell around the pure search, with an injected probe (fast: plan, progress, files,
 * --json, interrupt, bad flags, --simulate with an injected model), and once for real on the embedded cache (two
 * ~4 s probes of a steady load).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import yargs from 'yargs';
import type { CapacityDocument } from '../capacity-run/capacity-document.js';
import { fakeOutcome } from '../capacity-run/testing/search.js';
import type { Report } from '../record/report.js';
import { fixtureRun } from '../repeat/testing/fixture-run.js';
import type { ScenarioSpec } from '../scenario-spec/types.js';
import { capacityCommand, runCapacity, type CapacityArgs, type ProbeRunner } from './capacity.js';
import type { CommandIo } from './command.js';

let dir: string;
let purge: string;
let steady: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stampede-capacity-'));
  purge = join(dir, 'purge.yaml');
  await writeFile(
    purge,
    `name: purge
title: a purge
incident: test
description: test
load: { ratePerS: 300, durationS: 20s, keys: 300, distribution: "zipf:1.1" }
origin: { concurrency: 4, queue: 8, serviceTime: { kind: constant, ms: 25 }, ttlS: 600 }
cache: { kind: embedded, coalescing: false }
baselineS: 4
timeline:
  - { at: 5s, action: purge-all }
thresholds: ["rate503 < 0.001"]
`,
  );
  // Every request misses (5000 keys, max-age 1 s): the origin's 2 slots x 20 ms = 100 req/s is the capacity.
  steady = join(dir, 'steady.yaml');
  await writeFile(
    steady,
    `name: steady-misses
title: steady load that misses the cache
incident: test
description: test
load: { ratePerS: 100, durationS: 4s, keys: 5000, distribution: uniform, workers: 1, connections: 128 }
origin: { concurrency: 2, queue: 4, queueTimeoutMs: 100, serviceTime: { kind: constant, ms: 20 }, ttlS: 1 }
cache: { kind: embedded, coalescing: false }
warmup: { durationS: 0 }
baselineS: 1
expect: { recovers: any }
thresholds: ["rate503 < 0.05"]
`,
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function parse(argv: string[]): CapacityArgs {
  return yargs(['capacity', ...argv])
    .strict()
    .exitProcess(false)
    .command(capacityCommand.command, capacityCommand.describe, capacityCommand.builder)
    .parseSync() as unknown as CapacityArgs;
}

function fakeIo(controller = new AbortController()) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (c: Buffer, _e, done) => (into.push(c.toString()), done()) });
  const io: CommandIo = { stdout: sink(out), stderr: sink(err), env: { CI: 'true' }, signal: controller.signal };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** A probe that does not run anything: the made-up system passes up to 612 req/s. */
function fakeRunner(onCall: (spec: ScenarioSpec, n: number) => void = () => {}): ProbeRunner & { specs: ScenarioSpec[] } {
  const specs: ScenarioSpec[] = [];
  const runner = async (spec: ScenarioSpec, runId: string): Promise<Report> => {
    specs.push(spec);
    onCall(spec, specs.length);
    const o = fakeOutcome(spec.load.ratePerS!);
    const r = fixtureRun({ rate503: o.rate503, recovery: o.recoverySeconds, pass: o.pass, runId });
    return { ...r, scenario: { ...r.scenario, name: spec.name, spec } };
  };
  return Object.assign(runner, { specs });
}

const readDoc = async (folder: string) => JSON.parse(await readFile(join(folder, 'capacity.json'), 'utf8')) as CapacityDocument;

describe('stampede capacity (injected probe)', () => {
  test('the plan first, a line per probe, the conclusion; capacity files and every probe report written', async () => {
    const cli = fakeIo();
    const runner = fakeRunner();
    const code = await runCapacity(parse([purge, '--vary', 'rate', '--from', '100', '--to', '1600', '--probe-duration', '12s', '--out', dir, '--run-id', 'cap']), cli.io, runner);
    expect(code).toBe(0);
    const lines = cli.stderr().trim().split('\n');
    expect(lines[0]).toBe('stampede capacity purge on embedded: rate from 100 req/s to 1,600 req/s');
    expect(lines[1]).toMatch(/^ {2}plan: at most 10 probes of 12s \(\+ ~8s set-up and warm-up each\): up to 3 min; a probe stops early once recovered$/);
    expect(lines).toContain('probe 1/10 (easy-end) at 100 req/s: PASS, 503s 0%, recovery 2.5 s');
    expect(lines.filter((l) => /^probe \d+\/10 \(\w[\w-]*\) at .*: (PASS|FAIL)/.test(l))).toHaveLength(10);
    expect(cli.stdout()).toMatch(/^FOUND {2}purge on embedded, rate\n {2}Highest passing rate: \d{3} req\/s \(fails at 6\d\d req\/s; 10 probes\)\./);

    expect(runner.specs.map((s) => s.load.durationS)).toEqual(new Array(10).fill(12));
    const folder = join(dir, 'cap');
    for (const f of ['capacity.json', 'capacity.md', 'capacity.html', 'probes/p01/report.json', 'probes/p10/report.html']) {
      expect(existsSync(join(folder, f)), f).toBe(true);
    }
    const doc = await readDoc(folder);
    expect(doc.result.outcome).toBe('found');
    expect(doc.probeDirs).toEqual(Array.from({ length: 10 }, (_, i) => join('probes', `p${String(i + 1).padStart(2, '0')}`)));
    expect(doc.result.probes[0]!.outcome.runId).toBe('cap-p01');
    expect(doc.interrupted).toBeNull();
  });

  test('origin.concurrency probes the origin, not the rate; --json prints one line', async () => {
    const cli = fakeIo();
    const runner = fakeRunner();
    const code = await runCapacity(parse([purge, '--vary', 'origin.concurrency', '--from', '2', '--to', '8', '--max-probes', '2', '--out', dir, '--run-id', 'slots', '--json']), cli.io, runner);
    expect(code).toBe(0);
    expect(cli.stderr()).toBe('');
    expect(runner.specs.map((s) => [s.origin.concurrency, s.load.ratePerS])).toEqual([[8, 300], [2, 300]]);
    const line = JSON.parse(cli.stdout()) as { outcome: string; probes: { value: number; dir: string }[]; files: string[] };
    expect(line.outcome).toBe('all-pass');
    expect(line.probes.map((p) => [p.value, p.dir])).toEqual([[8, join('probes', 'p01')], [2, join('probes', 'p02')]]);
    expect(line.files).toContain(join(dir, 'slots', 'capacity.html'));
  });

  test('an interrupt lets the probe in progress finish, runs no other, writes what it has and exits 4', async () => {
    const controller = new AbortController();
    const cli = fakeIo(controller);
    const runner = fakeRunner((_, n) => {
      if (n === 2) controller.abort(new Error('interrupted by SIGINT'));
    });
    const code = await runCapacity(parse([purge, '--vary', 'rate', '--from', '100', '--to', '1600', '--out', dir, '--run-id', 'cut']), cli.io, runner);
    expect(code).toBe(4);
    expect(runner.specs).toHaveLength(2);
    expect(cli.stderr()).toMatch(/finishing probe 2, then writing what the search has/);
    const doc = await readDoc(join(dir, 'cut'));
    expect(doc.result.outcome).toBe('interrupted');
    expect(doc.result.probes).toHaveLength(2);
    expect(doc.interrupted?.reason).toBe('interrupted by SIGINT');
    expect(cli.stdout()).toMatch(/^INTERRUPTED/);
  });

  test.each<[string, string[], string, RegExp]>([
    ['bad flags', ['--vary', 'rate', '--from', '0', '--to', '100', '--resolution', 'fine'], 'STAMPEDE_USAGE', /--resolution must be a number[\s\S]*--from must be a number > 0 \(got 0\)/],
    ['probes too short for the fault', ['--vary', 'rate', '--from', '100', '--to', '200', '--probe-duration', '4s'], 'STAMPEDE_SPEC', /^invalid probe of scenario "purge" at 100 req\/s with --probe-duration 4s: timeline\[0\]\.at \(5s\) is not within the load's 4s/],
  ])('%s: refused before any probe runs', async (_, argv, code, message) => {
    const runner = fakeRunner();
    const err = await runCapacity(parse([purge, ...argv, '--out', dir]), fakeIo().io, runner).then(
      () => undefined,
      (e: Error & { code: string }) => e,
    );
    expect(err?.code).toBe(code);
    expect(err?.message).toMatch(message);
    expect(runner.specs).toHaveLength(0);
  });
});

describe('stampede capacity (real probes on the embedded cache)', () => {
  test('a steady load past the origin: the easy end passes, the hard end fails, bracketed', async () => {
    const cli = fakeIo();
    const code = await capacityCommand.handler(parse([steady, '--vary', 'rate', '--from', '30', '--to', '400', '--max-probes', '2', '--out', dir, '--run-id', 'real']), cli.io);
    expect(code).toBe(0);
    const doc = await readDoc(join(dir, 'real'));
    expect(doc.result.probes.map((p) => [p.value, p.outcome.pass])).toEqual([[30, true], [400, false]]);
    expect(doc.result).toMatchObject({ outcome: 'budget-exhausted', bracketed: true, boundary: 30, failedAt: 400 });
    expect(doc.result.probes[1]!.outcome.rate503).toBeGreaterThan(0.3);
    expect(existsSync(join(dir, 'real', 'probes', 'p02', 'report.json'))).toBe(true);
  }, 60_000);
});

/** A system that passes up to `limit` req/s. */
function system(limit: number): ProbeRunner & { rates: number[] } {
  const rates: number[] = [];
  const runner = async (spec: ScenarioSpec, runId: string): Promise<Report> => {
    rates.push(spec.load.ratePerS!);
    const o = fakeOutcome(spec.load.ratePerS!, limit);
    const r = fixtureRun({ rate503: o.rate503, recovery: o.recoverySeconds, pass: o.pass, runId });
    return { ...r, scenario: { ...r.scenario, name: spec.name, spec } };
  };
  return Object.assign(runner, { rates });
}

describe('stampede capacity --simulate', () => {
  test('searches on the model, then confirms its boundary with one real probe on each side', async () => {
    const cli = fakeIo();
    const model = system(612);
    const real = system(640);
    const code = await runCapacity(parse([purge, '--vary', 'rate', '--from', '100', '--to', '1600', '--simulate', '--out', dir, '--run-id', 'sim']), cli.io, real, model);
    expect(code).toBe(0);
    expect(model.rates.length).toBeGreaterThan(4);
    const doc = JSON.parse(await readFile(join(dir, 'sim', 'capacity.json'), 'utf8')) as CapacityDocument;
    const { boundary, failedAt } = doc.result;
    expect(boundary).toBeLessThanOrEqual(612);
    expect(failedAt).toBeGreaterThan(612);
    // one real probe at the model's boundary, one at its first failure
    expect(real.rates).toEqual([boundary, failedAt]);
    expect(doc.confirmation?.probes.map((p) => [p.value, p.expected, p.outcome.pass, p.dir])).toEqual([
      [boundary, 'pass', true, join('probes', 'c1')],
      [failedAt, 'fail', (failedAt as number) <= 640, join('probes', 'c2')],
    ]);
    expect(doc.conclusion[0]).toMatch(/^On the model \(sim-\d+\): Highest passing rate: /);
    expect(cli.stderr()).toContain('the search runs on the model; then one real probe on each side of its boundary confirms it');
    expect(cli.stdout()).toMatch(/Real probes: \d+ req\/s PASS \(model: pass\), \d+ req\/s (PASS|FAIL) \(model: fail\)/);
  });

  test('says when the real system disagrees, and which way', async () => {
    const cli = fakeIo();
    const code = await runCapacity(parse([purge, '--vary', 'rate', '--from', '100', '--to', '1600', '--simulate', '--out', dir, '--run-id', 'off']), cli.io, system(300), system(612));
    expect(code).toBe(0);
    const doc = JSON.parse(await readFile(join(dir, 'off', 'capacity.json'), 'utf8')) as CapacityDocument;
    expect(doc.confirmation?.agrees).toBe(false);
    expect(cli.stdout()).toMatch(/The model \(sim-\d+\) is off here: the real limit is lower than its boundary/);
  });

  test('agrees when the real system has the model\'s limit', async () => {
    const cli = fakeIo();
    await runCapacity(parse([purge, '--vary', 'rate', '--from', '100', '--to', '1600', '--simulate', '--out', dir, '--run-id', 'same']), cli.io, system(612), system(612));
    expect(cli.stdout()).toMatch(/boundary is confirmed\./);
  });
});
