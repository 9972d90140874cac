/**
 * `stampede compare <scenario> --a CONFIG --b CONFIG`: the canary check for a cache config change. Runs the same
 * scenario against two cache configurations back to back on this machine (A first) and writes one comparison
 * folder: a/ and b/ (each run's full report) and compare.json / compare.md / compare.html (the side-by-side
 * table and the time series of both runs overlaid).
 *
 * A comparison, not a gate: exit 0 once both runs are written, whatever their verdicts (gate a single run with
 * `stampede run`, or two reports with `stampede gate`). Exit 2 for a bad flag or a configuration the scenario
 * cannot take (found before anything runs), 3 when a cache cannot start, 4 when interrupted or a run was cut short.
 * Ctrl-C lets the run in progress finish: after A, B is skipped and A's report is written alone.
 */
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { buildComparison } from '../compare/comparison.js';
import { compareHeadline } from '../compare/compare-headline.js';
import { loadStart } from '../compare/load-start.js';
import { CACHE_CONFIG_HINT, describeCacheConfig, parseCacheConfig, type CacheConfig } from '../compare/parse-cache-config.js';
import { resolveCompareSpec } from '../compare/resolve-compare-spec.js';
import { writeCompareFiles } from '../compare/write-compare-files.js';
import { ExitCode } from '../exit-codes.js';
import { folderName } from '../run-id/folder-name.js';
import { runScenario, type OrchestratorEvent } from '../orchestrator/index.js';
import type { Report } from '../record/report.js';
import { writeReportFiles } from '../report/write-report-files.js';
import type { ScenarioOverrides } from '../scenario-spec/overrides.js';
import type { ScenarioSpec } from '../scenario-spec/types.js';
import { TOOL_VERSION } from '../tool-version.js';
import { UsageError } from '../usage/usage-error.js';
import { wantsProgress, type StampedeCommand } from './command.js';
import { oneLine, printEvent } from './run.js';

export interface CompareArgs {
  scenario: string;
  a: string;
  b: string;
  rate?: number;
  duration?: string;
  out: string;
  'run-id'?: string;
  json: boolean;
}

export const compareCommand: StampedeCommand<CompareArgs> = {
  command: 'compare <scenario>',
  describe: 'Run one scenario against two cache configs back to back (A, then B) and compare them side by side',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'built-in scenario name (stampede list) or a spec file (.yaml/.yml/.json)' })
      .option('a', { type: 'string', demandOption: true, describe: `config A (run first), usually the current one: ${CACHE_CONFIG_HINT}` })
      .option('b', { type: 'string', demandOption: true, describe: 'config B, usually the change: same forms as --a' })
      .option('rate', { type: 'number', describe: 'override the request rate (req/s) for both runs' })
      .option('duration', { type: 'string', describe: 'override the longest the measured load may run, for both runs, e.g. 45s' })
      .option('out', { type: 'string', default: 'reports', describe: 'directory the comparison folder <id>/ is written into' })
      .option('run-id', { type: 'string', describe: 'name of the comparison folder (default: <time>-compare-<scenario>)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON line {id, dir, files, a, b, rows} and no progress' })
      .example('$0 compare global-purge --a embedded:coalescing=off --b embedded:coalescing=on', 'what request coalescing buys')
      .example('$0 compare ttl-collapse --a varnish:grace=off --b varnish:grace=30s', 'grace on varnish')
      .example('$0 compare global-purge --a site.vcl --b site-new.vcl', 'a VCL change before it ships') as unknown as Argv<CompareArgs>,
  handler: async (args, io) => {
    const configs = parseBoth(args.a, args.b);
    const base: ScenarioOverrides = {};
    if (args.rate !== undefined) base.ratePerS = args.rate;
    if (args.duration !== undefined) base.durationS = args.duration;
    // Both sides validated before either runs: a typo in --b must not cost the time of run A.
    const specs = {
      a: await resolveCompareSpec(args.scenario, configs.a, '--a', base),
      b: await resolveCompareSpec(args.scenario, configs.b, '--b', base),
    };
    const id = args['run-id'] ?? folderName('compare', specs.a.name, new Date());
    const dir = resolve(args.out, id);

    const progress = wantsProgress(io, args.json);
    const say = (line: string): void => {
      if (!args.json) io.stderr.write(`${line}\n`);
    };
    const onEvent = (e: OrchestratorEvent): void => {
      if (!args.json) printEvent(e, io, progress);
    };
    say(`stampede compare ${specs.a.name}: ${specs.a.title}`);
    say(`  A: ${args.a} (${describeCacheConfig(configs.a)})`);
    say(`  B: ${args.b} (${describeCacheConfig(configs.b)})`);
    let current: 'A' | 'B' = 'A';
    const onAbort = () => say(`  finishing run ${current}${current === 'A' ? ' (B will not run)' : ''}, then writing what ran (Ctrl-C again abandons everything)`);
    io.signal.addEventListener('abort', onAbort, { once: true });
    const runSide = async (name: 'A' | 'B', spec: ScenarioSpec): Promise<Report> => {
      current = name;
      say(`run ${name} on ${spec.cache.kind}`);
      // No signal into the run: an interrupt lets it finish whole (see the module comment).
      const report = await runScenario(spec, { toolVersion: TOOL_VERSION, runId: `${id}-${name.toLowerCase()}`, onEvent });
      say(`run ${name}: ${oneLine(report)}`);
      return report;
    };
    try {
      const a = await runSide('A', specs.a);
      if (io.signal.aborted) {
        const files = await writeReportFiles(join(dir, 'a'), a);
        if (args.json) io.stdout.write(`${JSON.stringify({ id, dir, files, interrupted: true, a: { runId: a.runId, verdict: a.verdict, summary: a.summary }, b: null })}\n`);
        else io.stdout.write(`INTERRUPTED  ${specs.a.name}: only A ran; its report: ${join(dir, 'a', 'report.html')}\n`);
        return ExitCode.interrupted;
      }
      const b = await runSide('B', specs.b);
      const comparison = buildComparison({
        id,
        createdAt: new Date().toISOString(),
        toolVersion: TOOL_VERSION,
        a: { config: args.a, description: describeCacheConfig(configs.a), report: a, loadStart: loadStart(a) },
        b: { config: args.b, description: describeCacheConfig(configs.b), report: b, loadStart: loadStart(b) },
      });
      const files = await writeCompareFiles(dir, comparison, { a, b });
      const cut = a.interrupted !== undefined || b.interrupted !== undefined;
      if (args.json) {
        io.stdout.write(
          `${JSON.stringify({
            id,
            dir,
            files,
            interrupted: cut,
            a: comparison.a,
            b: comparison.b,
            rows: comparison.rows.map(({ metric, a: va, b: vb, delta, relative, outcome }) => ({ metric, a: va, b: vb, delta, relative, outcome })),
          })}\n`,
        );
      } else {
        io.stdout.write(
          [
            `COMPARED  ${comparison.scenario.name}, A then B`,
            ...compareHeadline(comparison).map((l) => (l.startsWith(' ') ? l : `  ${l}`)),
            ...comparison.notes.map((n) => `  note: ${n}`),
            `  comparison: ${join(dir, 'compare.html')}`,
            '',
          ].join('\n'),
        );
      }
      return cut ? ExitCode.interrupted : ExitCode.pass;
    } finally {
      io.signal.removeEventListener('abort', onAbort);
    }
  },
};

/** Both configurations parsed; every problem of both in one error. */
function parseBoth(a: string, b: string): { a: CacheConfig; b: CacheConfig } {
  const problems: string[] = [];
  const parse = (text: string, flag: string): CacheConfig | undefined => {
    try {
      return parseCacheConfig(text, flag);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const pa = parse(a, '--a');
  const pb = parse(b, '--b');
  if (pa === undefined || pb === undefined) throw new UsageError(problems);
  return { a: pa, b: pb };
}

