import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ExitCode } from '../exit-codes.js';
import { abortReason, defaultRunId, markInterrupted, runScenario, type OrchestratorEvent } from '../orchestrator/index.js';
import type { Report } from '../record/report.js';
import { writeReportFiles } from '../report/write-report-files.js';
import { writeFileAtomic } from '../report/write-file-atomic.js';
import type { ShardResult } from '../shards/shard-protocol.js';
import { MAX_REPEAT, repeatCount } from '../repeat/repeat-count.js';
import { runRepeated } from '../repeat/run-repeated.js';
import { resolveScenario } from '../scenario-spec/index.js';
import { TOOL_VERSION } from '../tool-version.js';
import { wantsProgress, type CommandIo, type StampedeCommand } from './command.js';
import { scenarioFlags, scenarioOverrides, type ScenarioFlags } from './scenario-flags.js';
import { hostPort, shardFlags, shardingOptions, type ShardFlags } from './shard-flags.js';
import { UsageError } from '../usage/usage-error.js';
import { oneLine, runSummary } from './run-summary.js';

export { oneLine } from './run-summary.js';

interface RunArgs extends ScenarioFlags, ShardFlags {
  out: string;
  'run-id'?: string;
  json: boolean;
  'allow-remote': boolean;
  repeat: number;
  'origin-listen'?: string;
}

export const runCommand: StampedeCommand<RunArgs> = {
  command: 'run <scenario>',
  describe: 'Run one scenario (a built-in name or a YAML/JSON file): origin -> cache -> baseline -> fault -> observe -> report',
  builder: (y: Argv) =>
    shardFlags(scenarioFlags(y))
      .option('out', { type: 'string', default: 'reports', describe: 'directory the run folder <run-id>/ is written into' })
      .option('run-id', { type: 'string', describe: 'name of the run folder (default: <time>-<scenario>-<cache>)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON line {runId, dir, files, verdict, summary} and no progress' })
      .option('allow-remote', { type: 'boolean', default: false, describe: 'allow a non-loopback external cache URL (and --target-url, --origin-listen on a non-loopback host)' })
      .option('origin-listen', {
        type: 'string',
        describe: 'host:port the fake origin listens on (default 127.0.0.1:0): for a cache under test elsewhere (--cache external, a cluster) that must fetch from it',
      })
      .option('repeat', {
        type: 'number',
        default: 1,
        describe: `run the scenario N times (1-${MAX_REPEAT}) and write one report: the most typical run plus each metric's median and spread (report.repeat, read by stampede gate); passes only if every run passes`,
      }) as unknown as Argv<RunArgs>,
  handler: async (args, io) => {
    const repeat = repeatCount(args.repeat);
    const spec = await resolveScenario(args.scenario, scenarioOverrides(args));
    let shardResults: ShardResult[] = [];
    const shards = shardingOptions(args, args.json ? undefined : (line) => io.stderr.write(`  ${line}\n`), (results) => (shardResults = results), spec.load.durationS);
    const originProblems: string[] = [];
    const originListen = args['origin-listen'] === undefined ? undefined : hostPort(args['origin-listen'], originProblems, '--origin-listen');
    if (originProblems.length > 0) throw new UsageError(originProblems);
    if (shards && repeat > 1) throw new UsageError(['--repeat and --shards cannot be combined yet: run the sharded scenario N times instead']);

    const progress = wantsProgress(io, args.json);
    const say = (line: string): void => {
      if (!args.json) io.stderr.write(`${line}\n`);
    };
    say(`stampede run ${spec.name} on ${spec.cache.kind}: ${spec.title}${repeat > 1 ? ` (${repeat} runs)` : ''}${shards ? ` (${shards.count} shards, engine ${shards.engine.name})` : ''}`);
    const onEvent = (e: OrchestratorEvent): void => {
      if (!args.json) printEvent(e, io, progress);
    };
    let report: Report;
    let representative: number | undefined;
    if (repeat === 1) {
      report = await runScenario(spec, {
        toolVersion: TOOL_VERSION,
        signal: io.signal,
        allowRemote: args['allow-remote'],
        ...(args['run-id'] !== undefined ? { runId: args['run-id'] } : {}),
        ...(shards ? { shards } : {}),
        ...(originListen ? { originListen } : {}),
        onEvent,
      });
    } else {
      // The signal is not passed into a run: Ctrl-C lets the current run finish whole, then stops (run-repeated.ts).
      let current = 0;
      const onAbort = () => say(`  finishing run ${current + 1} of ${repeat}, then writing the report of the runs done (Ctrl-C again abandons everything)`);
      io.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const outcome = await runRepeated({
          count: repeat,
          runId: args['run-id'] ?? defaultRunId(spec),
          signal: io.signal,
          runOnce: (i) => {
            current = i;
            say(`run ${i + 1} of ${repeat}`);
            return runScenario(spec, { toolVersion: TOOL_VERSION, allowRemote: args['allow-remote'], ...(originListen ? { originListen } : {}), onEvent });
          },
          onRun: (r, i) => say(`run ${i + 1} of ${repeat}: ${oneLine(r)}`),
        });
        report = outcome.report;
        representative = outcome.representative;
      } finally {
        io.signal.removeEventListener('abort', onAbort);
      }
    }
    const dir = resolve(args.out, report.runId);
    if (!args.json) io.stderr.write('  · report\n');
    let files = await writeReportFiles(dir, report);
    // the shards' own results beside the report: `stampede merge <dir>/shards/*.json` rebuilds it offline
    for (const r of shardResults) {
      const file = join(dir, 'shards', `shard-${r.index}.json`);
      await mkdir(dirname(file), { recursive: true });
      await writeFileAtomic(file, JSON.stringify(r));
      files.push(file);
    }
    // A signal after the engine returned (analysis, writing): the files are whole (written atomically), but the
    // run is reported as interrupted, like any other Ctrl-C, and rewritten so the report says so.
    if (io.signal.aborted && !report.interrupted && repeat === 1) {
      report = markInterrupted(report, abortReason(io.signal), 'report');
      files = await writeReportFiles(dir, report);
    }
    const code = report.interrupted ? ExitCode.interrupted : report.verdict.pass ? ExitCode.pass : ExitCode.verdictFailed;
    if (args.json) {
      io.stdout.write(
        `${JSON.stringify({
          runId: report.runId,
          dir,
          files,
          verdict: report.verdict,
          interrupted: report.interrupted ?? null,
          summary: report.summary,
          ...(report.repeat ? { repeat: report.repeat, representativeRun: representative === undefined ? null : representative + 1 } : {}),
        })}\n`,
      );
    } else {
      io.stdout.write(runSummary(report, spec.name, dir, representative));
    }
    return code;
  },
};

/** A run's progress on stderr: phases, events, and (interactive terminals only) one line per bucket. */
export function printEvent(e: OrchestratorEvent, io: CommandIo, progress: boolean): void {
  switch (e.type) {
    case 'phase':
      io.stderr.write(`  · ${e.phase}${e.detail ? ` (${e.detail})` : ''}\n`);
      return;
    case 'event':
      if (e.event.kind !== 'phase') io.stderr.write(`  ! ${e.event.action} ${JSON.stringify(e.event.detail)}\n`);
      return;
    case 'bucket': {
      if (!progress) return;
      const b = e.bucket;
      const known = b.cache.hit + b.cache.miss + b.cache.stale + b.cache.pass;
      const hit = known === 0 ? '  -  ' : `${(((b.cache.hit + b.cache.stale) / known) * 100).toFixed(0).padStart(3)}%`;
      io.stderr.write(
        `  ${e.elapsedS.toFixed(0).padStart(4)}s  sent ${String(b.sent).padStart(6)}  2xx ${String(b.status['2xx']).padStart(6)}  503 ${String(b.status['503']).padStart(5)}  p99 ${b.latencyMs.p99.toFixed(1).padStart(7)} ms  hit ${hit}  origin in-flight ${e.origin.inflight} queue ${e.origin.queue}${b.dropped ? `  dropped ${b.dropped}` : ''}\n`,
      );
    }
  }
}
