/**
 * `stampede report <report.json|run dir> [--out DIR]`: re-renders report.md and report.html from report.json
 * alone (nothing is run, report.json is not rewritten). A missing or unreadable file is a usage error, a file that
 * is not a valid stampede.report/v1 document a spec error; both exit 2 with a message naming the file.
 */
import { dirname } from 'node:path';
import type { Argv } from 'yargs';
import { ExitCode } from '../exit-codes.js';
import { ReportFileError } from '../record/report-file-error.js';
import { writeReportFiles } from '../report/write-report-files.js';
import { loadReportFile } from './load-report-file.js';
import type { CommandIo, StampedeCommand } from './command.js';

export interface ReportArgs {
  file: string;
  out?: string;
  json: boolean;
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
    const { file, report } = await loadReportFile(args.file);
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
