/**
 * `stampede report <report.json|run dir> [--out DIR]`: re-renders report.md and report.html from report.json
 * alone (nothing is run, report.json is not rewritten). A missing or unreadable file is a usage error, a file that
 * is not a valid stampede.report/v1 document a spec error; both exit 2 with a message naming the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { ExitCode } from '../exit-codes.js';
import { readReport } from '../record/report-json.js';
import { ReportFileError } from '../record/report-file-error.js';
import { writeReportFiles } from '../report/write-report-files.js';
import type { CommandIo, StampedeCommand } from './command.js';

export interface ReportArgs {
  file: string;
  out?: string;
  json: boolean;
}

/** The report.json to read: `path` itself, or `path`/report.json when `path` is a run directory. */
async function resolveReportFile(path: string): Promise<string> {
  try {
    return (await stat(path)).isDirectory() ? join(path, 'report.json') : path;
  } catch (err) {
    throw unreadable(path, err);
  }
}

function unreadable(file: string, err: unknown): ReportFileError {
  const code = (err as NodeJS.ErrnoException).code;
  const problem =
    code === 'ENOENT'
      ? 'no such file (pass a report.json, or the run directory that holds one)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory, not a report.json'
          : `cannot be read (${(err as Error).message})`;
  return new ReportFileError('STAMPEDE_USAGE', file, problem, [], { cause: err });
}

export const reportCommand: StampedeCommand<ReportArgs> = {
  command: 'report <file>',
  describe: 'Re-render report.md and report.html from a report.json (or a run directory), offline',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'a report.json, or a run directory holding one' })
      .option('out', { type: 'string', describe: 'directory to write report.md and report.html into (default: beside report.json)' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"files": [...]} as one JSON line' }) as unknown as Argv<ReportArgs>,
  handler: async (args: ReportArgs, io: CommandIo) => {
    const file = await resolveReportFile(args.file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw unreadable(file, err);
    }
    const report = readReport(text, file);
    const out = args.out ?? dirname(file);
    let files: string[];
    try {
      files = await writeReportFiles(out, report, { files: ['report.md', 'report.html'] });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (typeof code !== 'string' || !code.startsWith('E')) throw err;
      throw new ReportFileError('STAMPEDE_USAGE', out, `cannot write the report there (${(err as Error).message})`, [], { cause: err });
    }
    if (args.json) io.stdout.write(`${JSON.stringify({ files })}\n`);
    else io.stdout.write(`${files.map((f) => `wrote ${f}`).join('\n')}\n`);
    return ExitCode.pass;
  },
};
