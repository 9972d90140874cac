import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import yargs from 'yargs';
import { ExitCode, exitCodeFor } from '../exit-codes.js';
import { ReportFileError } from '../record/report-file-error.js';
import type { CommandIo } from './command.js';
import { reportCommand, type ReportArgs } from './report.js';

const FIXTURE = new URL('../report/fixtures/global-purge.report.json', import.meta.url);

/** Parse argv as cli.ts would: through the command, so the <file> positional is bound. */
function parse(argv: string[]): ReportArgs {
  return yargs(['report', ...argv])
    .strict()
    .exitProcess(false)
    .command(reportCommand.command, reportCommand.describe, reportCommand.builder)
    .parseSync() as unknown as ReportArgs;
}

function fakeIo() {
  const out: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        into.push(chunk.toString());
        done();
      },
    });
  const io: CommandIo = { stdout: sink(out), stderr: sink([]), env: {}, signal: new AbortController().signal };
  return { io, out };
}

async function failure(argv: string[]): Promise<ReportFileError> {
  const { io } = fakeIo();
  try {
    await reportCommand.handler(parse(argv), io);
  } catch (err) {
    expect(err).toBeInstanceOf(ReportFileError);
    return err as ReportFileError;
  }
  throw new Error('expected the command to fail');
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stampede-report-cmd-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stampede report', () => {
  test('re-renders report.md and report.html beside report.json, leaving report.json alone', async () => {
    const json = join(dir, 'report.json');
    await copyFile(FIXTURE, json);
    const before = await readFile(json, 'utf8');
    const { io, out } = fakeIo();
    expect(await reportCommand.handler(parse([json]), io)).toBe(ExitCode.pass);
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.json', 'report.md']);
    expect(await readFile(json, 'utf8')).toBe(before);
    expect(await readFile(join(dir, 'report.md'), 'utf8')).toContain('# global-purge on varnish 7.5.0: PASS');
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('<!doctype html>');
    expect(out.join('')).toBe(`wrote ${join(dir, 'report.md')}\nwrote ${join(dir, 'report.html')}\n`);
  });

  test('accepts a run directory, --out (created) and --json', async () => {
    await copyFile(FIXTURE, join(dir, 'report.json'));
    const target = join(dir, 'nested', 'out');
    const { io, out } = fakeIo();
    expect(await reportCommand.handler(parse([dir, '--out', target, '--json']), io)).toBe(ExitCode.pass);
    expect((await readdir(target)).sort()).toEqual(['report.html', 'report.md']);
    expect(JSON.parse(out.join(''))).toEqual({ files: [join(target, 'report.md'), join(target, 'report.html')] });
  });

  test.each<{ name: string; setup: (dir: string) => Promise<string>; code: string; message: RegExp }>([
    {
      name: 'missing file',
      setup: async (d) => join(d, 'nope.json'),
      code: 'STAMPEDE_USAGE',
      message: /nope\.json: no such file/,
    },
    {
      name: 'a directory without report.json',
      setup: async (d) => d,
      code: 'STAMPEDE_USAGE',
      message: /report\.json: no such file/,
    },
    {
      name: 'not JSON',
      setup: async (d) => (await writeFile(join(d, 'r.json'), 'not json'), join(d, 'r.json')),
      code: 'STAMPEDE_SPEC',
      message: /r\.json: not valid JSON/,
    },
    {
      name: 'another schema',
      setup: async (d) => (await writeFile(join(d, 'r.json'), '{"schema":"k6.summary"}'), join(d, 'r.json')),
      code: 'STAMPEDE_SPEC',
      message: /r\.json: unsupported report schema "k6\.summary"/,
    },
    {
      name: 'bad shape',
      setup: async (d) => {
        const r = JSON.parse(await readFile(FIXTURE, 'utf8'));
        delete r.summary.recovery;
        await writeFile(join(d, 'r.json'), JSON.stringify(r));
        return join(d, 'r.json');
      },
      code: 'STAMPEDE_SPEC',
      message: /r\.json: invalid stampede\.report\/v1 report \(1 problem\):\n {2}- summary\.recovery: expected object, received undefined/,
    },
  ])('$name: exit 2, naming the file and the problem', async ({ setup, code, message }) => {
    const err = await failure([await setup(dir)]);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(exitCodeFor(err)).toBe(ExitCode.usage);
  });

  test('an --out that cannot be written is a usage error naming it', async () => {
    await copyFile(FIXTURE, join(dir, 'report.json'));
    const blocker = join(dir, 'file');
    await writeFile(blocker, '');
    const err = await failure([join(dir, 'report.json'), '--out', join(blocker, 'sub')]);
    expect(err.code).toBe('STAMPEDE_USAGE');
    expect(err.message).toContain(`${join(blocker, 'sub')}: cannot write the report there`);
  });

  test('--help describes every option', async () => {
    const help = await reportCommand.builder(yargs([]).exitProcess(false)).getHelp();
    for (const flag of ['out', 'json']) expect(help, `--${flag}`).toMatch(new RegExp(`^\\s+--${flag}\\s+[a-zA-Z]\\S*\\s+\\S`, 'm'));
  });
});
