/**
 * `stampede capacity --simulate`: the search on the model, then one real probe on each side of its boundary.
 * Both runners injected (a made-up system), so the control flow and the words are checked exactly; the model and
 * the real runs themselves are tested in simulate/ and commands/capacity.test.ts.
 */
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
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stampede-capacity-sim-'));
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
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const parse = (argv: string[]) =>
  yargs(['capacity', ...argv]).strict().exitProcess(false).command(capacityCommand.command, capacityCommand.describe, capacityCommand.builder).parseSync() as unknown as CapacityArgs;

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (c: Buffer, _e, done) => (into.push(c.toString()), done()) });
  const io: CommandIo = { stdout: sink(out), stderr: sink(err), env: { CI: 'true' }, signal: new AbortController().signal };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

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
