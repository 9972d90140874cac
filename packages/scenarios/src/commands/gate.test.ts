import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import yargs from 'yargs';
import { ExitCode, exitCodeFor } from '../exit-codes.js';
import { GateError } from '../gate/gate-error.js';
import { gateReports } from '../gate/gate-reports.js';
import { renderGateJunit } from '../gate/render-gate-junit.js';
import { renderGateMarkdown } from '../gate/render-gate-markdown.js';
import { readReport } from '../record/report-json.js';
import { ReportFileError } from '../record/report-file-error.js';
import type { CommandIo } from './command.js';
import { gateCommand, type GateArgs } from './gate.js';

const FIXTURE = new URL('../report/fixtures/global-purge.report.json', import.meta.url);

/** Parse argv as cli.ts would: through the command. */
function parse(argv: string[]): GateArgs {
  return yargs(['gate', ...argv])
    .strict()
    .exitProcess(false)
    .command(gateCommand.command, gateCommand.describe, gateCommand.builder)
    .parseSync() as unknown as GateArgs;
}

function fakeIo() {
  const out: string[] = [];
  const io: CommandIo = {
    stdout: new Writable({
      write(chunk: Buffer, _enc, done) {
        out.push(chunk.toString());
        done();
      },
    }),
    stderr: new Writable({ write: (_c, _e, done) => done() }),
    env: {},
    signal: new AbortController().signal,
  };
  return { io, out };
}

async function run(argv: string[]): Promise<{ code: number; stdout: string }> {
  const { io, out } = fakeIo();
  const code = await gateCommand.handler(parse(argv), io);
  return { code, stdout: out.join('') };
}

async function failure(argv: string[]): Promise<Error & { code: string }> {
  try {
    await run(argv);
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error('expected the command to fail');
}

let dir: string;
let fixtureText: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stampede-gate-cmd-'));
  fixtureText = await readFile(FIXTURE, 'utf8');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Write the fixture, edited, as a report file; returns its path. */
async function reportFile(name: string, edit: (r: Record<string, any>) => void = () => {}): Promise<string> {
  const data = JSON.parse(fixtureText);
  edit(data);
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(data));
  return file;
}

const more503 = (r: Record<string, any>) => {
  r.summary.status['503'] = 1200;
  r.summary.rate503 = 0.04;
};

describe('stampede gate', () => {
  test('parses repeated --tolerance and --allow-mismatch', () => {
    expect(parse(['--baseline', 'a', '--current', 'b', '--tolerance', 'rate503=10%', '--tolerance', 'recovery.seconds=3s', '--allow-mismatch'])).toMatchObject({
      baseline: 'a',
      current: 'b',
      tolerance: ['rate503=10%', 'recovery.seconds=3s'],
      allowMismatch: true,
    });
    expect(parse(['--baseline', 'a', '--current', 'b'])).toMatchObject({ tolerance: [], allowMismatch: false });
  });

  test('no regression: prints the table and exits 0', async () => {
    const baseline = await reportFile('a.json');
    const { code, stdout } = await run(['--baseline', baseline, '--current', baseline]);
    expect(code).toBe(ExitCode.pass);
    expect(stdout).toContain('stampede gate: global-purge on varnish');
    expect(stdout).toMatch(/^rate503 +1\.53% +1\.53% +0 +≤ 1\.92% +ok$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('PASS: No regression in 7 gated metrics.');
  });

  test('a regression exits 1 and writes JUnit and Markdown atomically', async () => {
    const baseline = await reportFile('a.json');
    const current = await reportFile('b.json', more503);
    const junit = join(dir, 'out', 'gate.xml');
    const summary = join(dir, 'out', 'gate.md');
    await mkdir(join(dir, 'out'));
    const { code, stdout } = await run(['--baseline', baseline, '--current', current, '--junit', junit, '--summary', summary]);
    expect(code).toBe(ExitCode.verdictFailed);
    expect(stdout).toContain('FAIL: 2 of 7 gated metrics regressed: rate503, status.503.');
    const expected = gateReports(readReport(await readFile(baseline, 'utf8')), readReport(await readFile(current, 'utf8')));
    expect(await readFile(junit, 'utf8')).toBe(renderGateJunit(expected));
    expect(await readFile(summary, 'utf8')).toBe(renderGateMarkdown(expected));
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['gate.md', 'gate.xml']); // no temp files left
  });

  test('a run directory stands for its report.json', async () => {
    await mkdir(join(dir, 'run-1'));
    await writeFile(join(dir, 'run-1', 'report.json'), fixtureText);
    const { code } = await run(['--baseline', join(dir, 'run-1'), '--current', join(dir, 'run-1')]);
    expect(code).toBe(ExitCode.pass);
  });

  test('--tolerance gates a latency, and relaxes a metric', async () => {
    const baseline = await reportFile('a.json');
    const current = await reportFile('b.json', (r) => {
      more503(r);
      r.summary.latencyMs.incident.p99 *= 2;
    });
    const { code, stdout } = await run([
      '--baseline', baseline, '--current', current,
      '--tolerance', 'latencyMs.incident.p99=20%', '--tolerance', 'rate503=off', '--tolerance', 'status.503=200%',
    ]);
    expect(code).toBe(ExitCode.verdictFailed);
    expect(stdout).toContain('FAIL: 1 of 7 gated metrics regressed: latencyMs.incident.p99.');
  });

  test.each<[string, string[], string, string]>([
    ['a missing file', ['--current', 'CURRENT'], 'STAMPEDE_USAGE', 'missing.json: no such file (pass a report.json, or the run directory that holds one)'],
    ['a run directory without report.json', ['--current', 'DIR'], 'STAMPEDE_USAGE', 'report.json: no such file'],
  ])('%s is a usage error naming the file (exit 2)', async (_, extra, code, message) => {
    const baseline = await reportFile('a.json');
    const argv = ['--baseline', baseline, ...extra.map((a) => (a === 'CURRENT' ? join(dir, 'missing.json') : a === 'DIR' ? dir : a))];
    const err = await failure(argv);
    expect(err).toBeInstanceOf(ReportFileError);
    expect(err.code).toBe(code);
    expect(err.message).toContain(message);
    expect(exitCodeFor(err)).toBe(ExitCode.usage);
  });

  test('a file that is not JSON, or not a valid report, is a spec error naming the file and path (exit 2)', async () => {
    const baseline = await reportFile('a.json');
    const notJson = join(dir, 'broken.json');
    await writeFile(notJson, '{"schema": ');
    let err = await failure(['--baseline', baseline, '--current', notJson]);
    expect([err.code, exitCodeFor(err)]).toEqual(['STAMPEDE_SPEC', ExitCode.usage]);
    expect(err.message).toMatch(/broken\.json: not valid JSON/);

    const invalid = await reportFile('invalid.json', (r) => (r.summary.recovery.recovered = 'yes'));
    err = await failure(['--baseline', invalid, '--current', baseline]);
    expect(err.code).toBe('STAMPEDE_SPEC');
    expect(err.message).toContain('invalid.json: invalid stampede.report/v1 report');
    expect(err.message).toContain('summary.recovery.recovered');

    const badRepeat = await reportFile('repeat.json', (r) => (r.repeat = { n: 2, metrics: { rate503: { median: 1, min: 1, max: 1, mad: 0, values: [1] } } }));
    err = await failure(['--baseline', baseline, '--current', badRepeat]);
    expect(err.code).toBe('STAMPEDE_SPEC');
    expect(err.message).toContain('repeat.json: invalid repeat statistics (1 problem):\n  - repeat.metrics.rate503.values: has 1 values for n = 2 runs');
  });

  test('reports of different scenarios: exit 2, nothing written, unless --allow-mismatch', async () => {
    const baseline = await reportFile('a.json');
    const current = await reportFile('b.json', (r) => (r.scenario.name = 'ttl-expiry'));
    const junit = join(dir, 'gate.xml');
    const err = await failure(['--baseline', baseline, '--current', current, '--junit', junit]);
    expect(err).toBeInstanceOf(GateError);
    expect(exitCodeFor(err)).toBe(ExitCode.usage);
    expect(err.message).toBe(
      'cannot compare these reports: the scenarios differ: baseline global-purge, current ttl-expiry\nPass --allow-mismatch to compare them anyway.',
    );
    await expect(readFile(junit, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });

    const { code, stdout } = await run(['--baseline', baseline, '--current', current, '--allow-mismatch']);
    expect(code).toBe(ExitCode.pass);
    expect(stdout).toContain('note: compared anyway (--allow-mismatch): the scenarios differ');
  });

  test('a bad --tolerance is a usage error naming the flag, before any file is read', async () => {
    const err = await failure(['--baseline', 'nope.json', '--current', 'nope.json', '--tolerance', 'rtae503=10%']);
    expect(err).toBeInstanceOf(GateError);
    expect(exitCodeFor(err)).toBe(ExitCode.usage);
    expect(err.message).toBe('invalid --tolerance: --tolerance "rtae503=10%" names unknown metric rtae503; did you mean rate503?');
  });

  test('an unwritable --summary is a usage error naming the file', async () => {
    const baseline = await reportFile('a.json');
    const summary = join(dir, 'no-such-dir', 'gate.md');
    const err = await failure(['--baseline', baseline, '--current', baseline, '--summary', summary]);
    expect(err).toBeInstanceOf(ReportFileError);
    expect(err.code).toBe('STAMPEDE_USAGE');
    expect(err.message).toContain(`${summary}: cannot be written`);
  });

  test('--help documents the default metrics and tolerances', async () => {
    const help = await new Promise<string>((resolve, reject) => {
      yargs(['gate', '--help'])
        .exitProcess(false)
        .command(gateCommand.command, gateCommand.describe, gateCommand.builder)
        .parse(['gate', '--help'], {}, (err: Error | undefined, _argv: unknown, output: string) => (err ? reject(err) : resolve(output)));
    });
    for (const text of [
      '--tolerance',
      '--junit',
      '--summary',
      '--allow-mismatch',
      'rate503             higher is worse; 25%, at least 0.1pp',
      'status.503          higher is worse; 25%, at least 10',
      'recovery.recovered  true → false is a regression',
      'recovery.seconds    higher is worse; 25%, at least 3 s (never: worst)',
      'latencyMs.incident.p99',
      'MAD',
    ]) {
      expect(help).toContain(text);
    }
  });
});
