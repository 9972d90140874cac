/**
 * `stampede gate --baseline A.json --current B.json [--tolerance METRIC=VALUE]... [--junit F] [--summary F]`:
 * the CI regression gate. Reads two reports (files or run directories), compares them with gate/ (pure), prints
 * the diff table, writes JUnit XML and Markdown when asked, and exits 1 on a regression, 0 otherwise. A bad flag,
 * an unreadable or invalid report, or two reports that cannot be compared exit 2 with a message naming the cause.
 */
import type { Argv } from 'yargs';
import { ExitCode } from '../exit-codes.js';
import { gateHelp } from '../gate/gate-help.js';
import { gateReports } from '../gate/gate-reports.js';
import { parseTolerances } from '../gate/parse-tolerance.js';
import { readRepeatStats } from '../gate/read-repeat-stats.js';
import { renderGateJunit } from '../gate/render-gate-junit.js';
import { renderGateMarkdown } from '../gate/render-gate-markdown.js';
import { renderGateText } from '../gate/render-gate-text.js';
import type { Report } from '../record/report.js';
import { ReportFileError } from '../record/report-file-error.js';
import { writeFileAtomic } from '../report/write-file-atomic.js';
import { loadReportFile } from './load-report-file.js';
import type { CommandIo, StampedeCommand } from './command.js';

export interface GateArgs {
  baseline: string;
  current: string;
  tolerance: string[];
  junit?: string;
  summary?: string;
  allowMismatch: boolean;
}

export const gateCommand: StampedeCommand<GateArgs> = {
  command: 'gate',
  describe: 'Compare a run with a baseline run of the same scenario; exit 1 on a regression (CI gate)',
  builder: (y: Argv) =>
    y
      .option('baseline', { type: 'string', demandOption: true, describe: 'the baseline report.json, or the run directory holding it' })
      .option('current', { type: 'string', demandOption: true, describe: 'the report.json to check, or the run directory holding it' })
      .option('tolerance', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'METRIC=VALUE, repeatable: rate503=10%, recovery.seconds=3s, latencyMs.incident.p99=20%, amplification=off',
      })
      .option('junit', { type: 'string', describe: 'write JUnit XML here (one testcase per metric)' })
      .option('summary', { type: 'string', describe: 'write the Markdown table here (e.g. for $GITHUB_STEP_SUMMARY)' })
      .option('allow-mismatch', {
        type: 'boolean',
        default: false,
        describe: 'compare reports of different scenarios or cache kinds, or a run cut short',
      })
      .epilog(gateHelp()) as unknown as Argv<GateArgs>,
  handler: async (args: GateArgs, io: CommandIo) => {
    const tolerances = parseTolerances(args.tolerance ?? []);
    const [baseline, current] = await Promise.all([loadReport(args.baseline), loadReport(args.current)]);
    const result = gateReports(baseline.report, current.report, {
      tolerances,
      allowMismatch: args.allowMismatch,
      sources: { baseline: baseline.file, current: current.file },
    });
    io.stdout.write(renderGateText(result));
    if (args.junit !== undefined) await writeOutput(args.junit, renderGateJunit(result));
    if (args.summary !== undefined) await writeOutput(args.summary, renderGateMarkdown(result));
    return result.pass ? ExitCode.pass : ExitCode.verdictFailed;
  },
};

/** Read and validate one report (`path` or `path`/report.json), its repeat statistics included. */
async function loadReport(path: string): Promise<{ file: string; report: Report }> {
  const loaded = await loadReportFile(path);
  readRepeatStats(loaded.report, loaded.file);
  return loaded;
}

async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !code.startsWith('E')) throw err;
    throw new ReportFileError('STAMPEDE_USAGE', file, `cannot be written (${(err as Error).message})`, [], { cause: err });
  }
}
