import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { catalog, getScenario } from '../catalog/index.js';
import { ExitCode } from '../exit-codes.js';
import { runScenario } from '../orchestrator/index.js';
import type { Report } from '../record/report.js';
import { writeReportFiles } from '../report/write-report-files.js';
import { resolveScenario, SpecError } from '../scenario-spec/index.js';
import { MAX_REPEAT, repeatCount } from '../repeat/repeat-count.js';
import { loadReportFile } from './load-report-file.js';
import { MODEL_VERSION } from '../simulate/model-version.js';
import { simulationSpecFromScenario } from '../simulate/simulation-spec-from-scenario.js';
import { validateModel } from '../simulate/validate-model.js';
import { ENSEMBLE_SIZE, simulateLikeRun } from '../simulate/simulate-like-run.js';
import { renderValidationTable, rowWithin, type ValidationRow } from '../simulate/validate-model-table.js';
import { TOOL_VERSION } from '../tool-version.js';
import { UsageError } from '../usage/usage-error.js';
import type { StampedeCommand } from './command.js';
import { oneLine } from './run-summary.js';

const VALIDATED_KINDS = ['embedded', 'varnish', 'nginx'] as const;

export interface ValidateModelArgs {
  cache: (typeof VALIDATED_KINDS)[number];
  scenarios?: string;
  repeat: number;
  real?: string[];
  out: string;
  'run-id'?: string;
  markdown?: string;
  json: boolean;
}

/**
 * `stampede validate-model`: every catalog scenario (or the named ones) run for real, one at a time, and simulated,
 * side by side: client 503s, origin arrivals, amplification, recovery and the hit-ratio minimum, each with its error.
 * Each real run is simulated as it ran (its worker count and warm-up timing), an ensemble varying which waiting fetch
 * gets which of the origin's draws (simulate-like-run.ts). `--repeat N` runs each scenario N times and holds the model
 * to the median of the real runs (the simulations' median against it); `--real <folder>...` runs nothing and
 * re-reads the real runs an earlier validation recorded (`<folder>/<scenario>-real*`), so a model change is checked
 * against the same measurements in seconds.
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
      .option('repeat', { type: 'number', default: 1, describe: `real runs per scenario (1-${MAX_REPEAT}); the model is held to their median, the table shows their range` })
      .option('real', {
        type: 'string',
        array: true,
        describe: 'run nothing: re-use the real runs recorded in these earlier validation folders (<folder>/<scenario>-real*/report.json) and simulate again',
      })
      .option('out', { type: 'string', default: 'reports', describe: 'directory the validation folder <run-id>/ (both reports of each scenario and validation.md) is written into' })
      .option('run-id', { type: 'string', describe: 'name of the validation folder (default: <time>-validate-model-<cache>)' })
      .option('markdown', { type: 'string', describe: 'also write the table to this file (e.g. packages/scenarios/docs/model-validation.md)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON line {dir, model, rows, within} and no progress' }) as unknown as Argv<ValidateModelArgs>,
  handler: async (args, io) => {
    const names = scenarioList(args.scenarios, args.cache);
    const repeat = repeatCount(args.repeat);
    const recorded = args.real === undefined ? undefined : await recordedRuns(args.real, names, args.cache);
    if (recorded && args.repeat !== 1) throw new UsageError(['--repeat and --real cannot be combined: --real re-uses the runs recorded already']);
    const say = (line: string): void => {
      if (!args.json) io.stderr.write(`${line}\n`);
    };
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const dir = resolve(args.out, args['run-id'] ?? `${stamp}-validate-model-${args.cache}`);
    say(
      `stampede validate-model: ${names.length} scenario${names.length === 1 ? '' : 's'} on ${args.cache}, model ${MODEL_VERSION}; ` +
        (recorded ? `real runs re-read from ${args.real?.join(', ')}` : `each runs for real ${repeat > 1 ? `${repeat} times ` : ''}(~40-60 s a run), one at a time`),
    );

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
      const reals: Report[] = recorded?.get(name) ?? [];
      for (let run = 1; !recorded && run <= repeat && !io.signal.aborted; run++) {
        const real = await runScenario(spec, { toolVersion: TOOL_VERSION, signal: io.signal });
        await writeReportFiles(join(dir, runFolder(name, 'real', run)), real);
        say(`  real${repeat > 1 ? ` ${run}/${repeat}` : ''}:${repeat > 1 ? '' : '     '} ${oneLine(real)}${real.interrupted ? ' (interrupted: not compared)' : ''}`);
        if (real.interrupted) break;
        reals.push(real);
      }
      if (io.signal.aborted || reals.length === 0) break;
      // each real run simulated as it ran (simulate-like-run.ts), an ensemble over the origin's draws
      const sims: Report[] = [];
      for (const [run, real] of reals.entries()) {
        const ensemble = simulateLikeRun(real, TOOL_VERSION);
        const simulated = ensemble[0] as Report;
        await writeReportFiles(join(dir, runFolder(name, 'sim', run + 1)), simulated);
        sims.push(...ensemble);
        if (recorded) say(`  real:      ${oneLine(real)}`);
        say(`  simulated: ${oneLine(simulated)}${ensemble.length > 1 ? ` (1 of ${ensemble.length}: the origin's draws in start order, the clients' timer ticks at t0; ${ensemble.length - 1} more with the draws in other orders and the ticks 1 ms apart)` : ''}`);
      }
      const row = validateModel(reals, sims);
      rows.push(row);
      say(`  ${row.within ? 'within bounds' : `OUT OF BOUNDS: ${row.metrics.filter((m) => !m.within).map((m) => m.metric).join(', ')}`}`);
    }

    const table = renderValidationTable(rows);
    const source = recorded ? `the real runs recorded in ${args.real?.join(', ')}` : repeat > 1 ? `each scenario run for real ${repeat} times on this machine` : 'each scenario run for real on this machine';
    const doc = validationDoc(table, args.cache, source, names.length, rows.length);
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

/** Where run `run` (1-based) of a scenario and its simulation are written: `<name>-real`, `<name>-real-2`, ... */
function runFolder(name: string, side: 'real' | 'sim', run: number): string {
  return run === 1 ? `${name}-${side}` : `${name}-${side}-${run}`;
}

/**
 * The real runs recorded in earlier validation folders, per scenario: every `<folder>/<name>-real*` /report.json
 * of every folder. A scenario without one, or a run on another cache, is a usage error naming the folder.
 */
async function recordedRuns(folders: readonly string[], names: readonly string[], cache: string): Promise<Map<string, Report[]>> {
  const runs = new Map<string, Report[]>(names.map((n) => [n, []]));
  const problems: string[] = [];
  for (const folder of folders) {
    let entries: string[];
    try {
      entries = await readdir(folder);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : `cannot be read (${(err as Error).message})`;
      problems.push(`--real: ${folder}: ${why}; give a folder an earlier validate-model wrote (its --out/<run-id>, holding <scenario>-real/report.json)`);
      continue;
    }
    for (const name of names) {
      // catalog names are [a-z-]: nothing to escape
      const pattern = new RegExp(`^${name}-real(-\\d+)?$`);
      for (const entry of entries.filter((e) => pattern.test(e)).sort()) {
        const { file, report } = await loadReportFile(join(folder, entry));
        if (report.cache.kind !== cache) problems.push(`--real: ${file} ran on ${report.cache.kind}, not ${cache} (pass --cache ${report.cache.kind})`);
        else runs.get(name)?.push(report);
      }
    }
  }
  // a folder that is not there explains every scenario missing from it
  if (problems.length > 0) throw new UsageError(problems);
  for (const [name, list] of runs) {
    if (list.length === 0) problems.push(`--real: no real run of ${name} in ${folders.join(', ')} (a validation folder holds ${name}-real/report.json; name the scenarios recorded with --scenarios)`);
  }
  if (problems.length > 0) throw new UsageError(problems);
  return runs;
}

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

function validationDoc(table: string, cache: string, source: string, asked: number, done: number): string {
  return [
    `# Model validation: ${cache}, model ${MODEL_VERSION}`,
    '',
    `\`stampede validate-model --cache ${cache}\` (stampede ${TOOL_VERSION}, ${new Date().toISOString()}): ${source}, each real run then simulated as it ran (its worker count and warm-up timing), ${ENSEMBLE_SIZE} times (the origin's draws in start order, then handed to the fetches waiting together in ${ENSEMBLE_SIZE - 1} other orders; the clients' timer ticks 0-${ENSEMBLE_SIZE - 1} ms after t0; the system clock's seconds where the run recorded them, else spread over one); the median of the simulations against the median of the real runs.${done < asked ? ` ${done} of ${asked} scenarios done (interrupted).` : ''}`,
    '',
    table,
  ].join('\n');
}
