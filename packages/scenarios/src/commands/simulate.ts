import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ExitCode } from '../exit-codes.js';
import { writeReportFiles } from '../report/write-report-files.js';
import { simulatedMark } from '../report/simulated-mark.js';
import { resolveScenario } from '../scenario-spec/index.js';
import { MODEL_VERSION } from '../simulate/model-version.js';
import { simulateInWorker } from '../simulate/simulate-in-worker.js';
import { TOOL_VERSION } from '../tool-version.js';
import type { StampedeCommand } from './command.js';
import { runSummary } from './run-summary.js';
import { scenarioFlags, scenarioOverrides, type ScenarioFlags } from './scenario-flags.js';

export interface SimulateArgs extends ScenarioFlags {
  out: string;
  'run-id'?: string;
  json: boolean;
}

/**
 * `stampede simulate <scenario|file>`: the scenario through the virtual-time model instead of real servers. Same
 * scenario input, flags and overrides as `run`, the same report files (marked simulated, with the model version),
 * the same verdict and exit codes: 0 pass, 1 verdict failed, 2 a spec or a timeline step the model cannot play.
 */
export const simulateCommand: StampedeCommand<SimulateArgs> = {
  command: 'simulate <scenario>',
  describe: `Simulate one scenario in virtual time (model ${MODEL_VERSION}): no servers, any rate; writes the same report, marked SIMULATED`,
  builder: (y: Argv) =>
    scenarioFlags(y)
      .option('out', { type: 'string', default: 'reports', describe: 'directory the run folder <run-id>/ is written into' })
      .option('run-id', { type: 'string', describe: 'name of the run folder (default: <time>-<scenario>-<cache>-sim)' })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print one JSON line {runId, dir, files, verdict, simulated, summary} and no progress',
      }) as unknown as Argv<SimulateArgs>,
  handler: async (args, io) => {
    const spec = await resolveScenario(args.scenario, scenarioOverrides(args));
    const say = (line: string): void => {
      if (!args.json) io.stderr.write(`${line}\n`);
    };
    say(`stampede simulate ${spec.name} on ${spec.cache.kind} (model ${MODEL_VERSION}): ${spec.title}`);
    // on a worker thread: Ctrl-C stops a long simulation at once (exit 4, nothing written)
    const report = await simulateInWorker(spec, { toolVersion: TOOL_VERSION, ...(args['run-id'] !== undefined ? { runId: args['run-id'] } : {}) }, io.signal);
    const sim = report.simulated;
    if (sim) say(`  · ${sim.events.toLocaleString('en-US')} events in ${sim.wallMs} ms`);
    const dir = resolve(args.out, report.runId);
    say('  · report');
    const files = await writeReportFiles(dir, report);
    const code = report.verdict.pass ? ExitCode.pass : ExitCode.verdictFailed;
    if (args.json) {
      io.stdout.write(
        `${JSON.stringify({ runId: report.runId, dir, files, verdict: report.verdict, simulated: report.simulated, summary: report.summary })}\n`,
      );
    } else {
      const mark = simulatedMark(report);
      io.stdout.write(`${mark ? `${mark.mark}\n` : ''}${runSummary(report, spec.name, dir)}`);
    }
    return code;
  },
};
