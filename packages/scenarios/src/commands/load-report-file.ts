/**
 * Reading a report.json given on the command line (`path`, or `path`/report.json when it is a run directory), for
 * every command that takes one (report, gate, merge). A missing or unreadable file is a usage error; a file that is
 * not a valid stampede.report/v1 document a spec error (readReport); both exit 2 and name the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readReport } from '../record/report-json.js';
import { ReportFileError } from '../record/report-file-error.js';
import type { Report } from '../record/report.js';

export async function loadReportFile(path: string): Promise<{ file: string; report: Report }> {
  let file = path;
  let text: string;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'report.json');
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw unreadableFile(file, err);
  }
  return { file, report: readReport(text, file) };
}

/** The usage error for a file that cannot be read, naming why. */
export function unreadableFile(file: string, err: unknown): ReportFileError {
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
