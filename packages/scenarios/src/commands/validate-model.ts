import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { catalog, getScenario } from '../catalog/index.js';
import { ExitCode } from '../exit-codes.js';
import { runScenario } from '../orchestrator/index.js';
import type { Report } from '../record/report.js';
import { writeReportFiles } from '../report/write-report-files.js';
import { resolveScenario, SpecError } from '../scenario-spec/index.js';
import { MODEL_VERSION } from '../simulate/model-version.js';
import { simulateScenario } from '../simulate/simulate-scenario.js';
import { simulationSpecFromScenario } from '../simulate/simulation-spec-from-scenario.js';
import { validateModel } from '../simulate/validate-model.js';
import { renderValidationTable, rowWithin, type ValidationRow } from '../simulate/validate-model-table.js';
import { TOOL_VERSION } from '../tool-version.js';
import { UsageError } from '../usage/usage-error.js';
import type { StampedeCommand } from './command.js';
import { oneLine } from './run-summary.js';

const VALIDATED_KINDS = ['embedded', 'varnish', 'nginx'] as const;

export interface ValidateModelArgs {
  cache: (typeof VALIDATED_KINDS)[number];
  scenarios?: string;
  out: string;
  'run-id'?: string;
  markdown?: string;
  json: boolean;
}

/**
 * `stampede validate-model`: every catalog scenario (or the named ones) run for real, one at a time, and simulated,
 * side by side: client 503s, origin arrivals, amplification, recovery and the hit-ratio minimum, each with its error.
 * Exit 0 when every scenario is within bounds (15%, recovery within a bucket), 1 when one is not or the model cannot
 * play it, 4 when interrupted (the table of the scenarios done is still printed).
 */
export const validateModelCommand: StampedeCommand<ValidateModelArgs> = {
  command: 'validate-model',
  describe: `Check the simulator (model ${MODEL_VERSION}) against real runs: each scenario run for real and simulated, per-metric error, exit 1 when one is out of bounds`,
  builder: (y: Argv) =>
    y
      .option('cache', { type: 'string', choices: [...VALIDATED_KINDS], default: 'embedded', describe: 'the real cache to validate the model against' })
      .option('scenarios', { type: 'string', describe: 'comma-separated built-in scenarios (default: every one that runs on --cache)' })
      .option('out', { type: 'string', default: 'reports', describe: 'directory the validation folder <run-id>/ (both reports of each scenario and validation.md) is written into' })
      .option('run-id', { type: 'string', describe: 'name of the validation folder (default: <time>-validate-model-<cache>)' })
      .option('markdown', { type: 'string', describe: 'also write the table to this file (e.g. packages/scenarios/docs/model-validation.md)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON line {dir, model, rows, within} and no progress' }) as unknown as Argv<ValidateModelArgs>,
  handler: async (args, io) => {
    const names = scenarioList(args.scenarios, args.cache);
    const say = (line: string): void => {
      if (!args.json) io.stderr.write(`${line}\n`);
    };
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const dir = resolve(args.out, args['run-id'] ?? `${stamp}-validate-model-${args.cache}`);
    say(`stampede validate-model: ${names.length} scenario${names.length === 1 ? '' : 's'} on ${args.cache}, model ${MODEL_VERSION}; each runs for real (~40-60 s), one at a time`);

    const rows: ValidationRow[] = [];
    for (const [i, name] of names.entries()) {
      if (io.signal.aborted) break;
      const spec = await resolveScenario(name, { cache: args.cache });
      say(`[${i + 1}/${names.length}] ${name}`);
      // what the model cannot play costs no real run
      try {
        simulationSpecFromScenario(spec);
      } catch (err) {
        if (!(err instanceof SpecError)) throw err;
        rows.push({ scenario: name, cache: args.cache, notModelled: err.problems.join('; ') });
        say(`  not modelled: ${err.problems.join('; ')}`);
        continue;
      }
      const real = await runScenario(spec, { toolVersion: TOOL_VERSION, signal: io.signal });
      await writeReportFiles(join(dir, `${name}-real`), real);
      if (real.interrupted) {
        say(`  real:      ${oneLine(real)} (interrupted: not compared)`);
        break;
      }
      // the same arrival streams as the real run: its worker count
      const simulated: Report = simulateScenario(spec, { toolVersion: TOOL_VERSION, workers: real.load.workers });
      await writeReportFiles(join(dir, `${name}-sim`), simulated);
      const row = validateModel(real, simulated);
      rows.push(row);
      say(`  real:      ${oneLine(real)}`);
      say(`  simulated: ${oneLine(simulated)}`);
      say(`  ${row.within ? 'within bounds' : `OUT OF BOUNDS: ${row.metrics.filter((m) => !m.within).map((m) => m.metric).join(', ')}`}`);
    }

    const table = renderValidationTable(rows);
    const doc = validationDoc(table, args.cache, names.length, rows.length);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'validation.md'), doc);
    if (args.markdown !== undefined) {
      await mkdir(dirname(resolve(args.markdown)), { recursive: true });
      await writeFile(resolve(args.markdown), doc);
    }
    const within = rows.length === names.length && rows.every(rowWithin);
    if (args.json) io.stdout.write(`${JSON.stringify({ dir, model: MODEL_VERSION, cache: args.cache, rows, within })}\n`);
    else io.stdout.write(`${table}  reports: ${dir}\n`);
    if (io.signal.aborted) return ExitCode.interrupted;
    return within ? ExitCode.pass : ExitCode.verdictFailed;
  },
};

/** The named scenarios (checked against the catalog and the cache), or every one that runs on `cache`. */
function scenarioList(list: string | undefined, cache: string): string[] {
  if (list === undefined) return catalog.filter((e) => (e.supports as readonly string[]).includes(cache)).map((e) => e.spec.name);
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const problems: string[] = [];
  for (const name of names) {
    const entry = getScenario(name);
    if (!entry) problems.push(`--scenarios: unknown scenario "${name}"; built-in scenarios: ${catalog.map((e) => e.spec.name).join(', ')}`);
    else if (!(entry.supports as readonly string[]).includes(cache)) problems.push(`--scenarios: ${name} does not run on ${cache} (it runs on ${entry.supports.join(', ')})`);
  }
  if (names.length === 0) problems.push('--scenarios: name at least one scenario, e.g. --scenarios global-purge,global-purge-coalesced');
  if (problems.length > 0) throw new UsageError(problems);
  return names;
}

function validationDoc(table: string, cache: string, asked: number, done: number): string {
  return [
    `# Model validation: ${cache}, model ${MODEL_VERSION}`,
    '',
    `\`stampede validate-model --cache ${cache}\` (stampede ${TOOL_VERSION}, ${new Date().toISOString()}): each scenario run for real on this machine, then simulated with the real run's worker count.${done < asked ? ` ${done} of ${asked} scenarios done (interrupted).` : ''}`,
    '',
    table,
  ].join('\n');
}
