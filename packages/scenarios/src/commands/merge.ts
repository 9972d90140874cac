/**
 * `stampede merge <shard files...> [--controller report.json]`: a sharded run's report rebuilt offline from its
 * shards' results and the controller's report (shards/merge-shard-results.ts): the same exact merge and analysis
 * as the live run, so thresholds and `gate` judge merged data. Writes report.json/md/html; exit code as `run`.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { parseDuration } from '@stampede/loadgen';
import { ExitCode } from '../exit-codes.js';
import { writeReportFiles } from '../report/write-report-files.js';
import { mergeShardResults } from '../shards/merge-shard-results.js';
import type { ShardResult } from '../shards/shard-protocol.js';
import { parseShardResults } from '../shards/read-shard-results.js';
import { UsageError } from '../usage/usage-error.js';
import type { CommandIo, StampedeCommand } from './command.js';
import { loadReportFile, unreadableFile } from './load-report-file.js';
import { runSummary } from './run-summary.js';

interface MergeArgs {
  files: string[];
  controller?: string;
  out: string;
  'run-id'?: string;
  'max-clock-offset'?: string;
  json: boolean;
}

export const mergeCommand: StampedeCommand<MergeArgs> = {
  command: 'merge <files..>',
  describe:
    'Rebuild a sharded run\'s report offline from its shards\' results (shard-*.json, or `kubectl logs` output with STAMPEDE_SHARD_RESULT lines) and the controller\'s report.json: one exact merge, judged again',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'shard result files (shard-<i>.json, a shard\'s output, kubectl logs)' })
      .option('controller', { type: 'string', describe: 'the controller\'s report.json or run directory (default: the report.json beside the shard files, or one level up)' })
      .option('out', { type: 'string', default: 'reports', describe: 'directory the merged run folder <run-id>/ is written into' })
      .option('run-id', { type: 'string', describe: 'name of the merged run folder (default: <controller run id>-merged)' })
      .option('max-clock-offset', { type: 'string', describe: 'largest shard clock offset accepted (default: the run\'s, else one bucket)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON line {runId, dir, files, verdict, summary}' }) as unknown as Argv<MergeArgs>,
  handler: async (args, io: CommandIo) => {
    const results: ShardResult[] = [];
    for (const file of args.files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw unreadableFile(file, err);
      }
      results.push(...parseShardResults(text, file));
    }
    const controllerPath = args.controller ?? (await besideShards(args.files[0] as string));
    const { report: controller } = await loadReportFile(controllerPath);
    let maxClockOffsetMs: number | undefined;
    if (args['max-clock-offset'] !== undefined) {
      const r = parseDuration(args['max-clock-offset']);
      if (!r.ok || !(r.seconds > 0)) throw new UsageError([`--max-clock-offset must be a positive duration like 500ms or 2s (got ${JSON.stringify(args['max-clock-offset'])})`]);
      maxClockOffsetMs = r.seconds * 1000;
    }
    const merged = mergeShardResults(controller, results, maxClockOffsetMs === undefined ? {} : { maxClockOffsetMs });
    const report = { ...merged, runId: args['run-id'] ?? `${controller.runId}-merged` };
    const dir = resolve(args.out, report.runId);
    const files = await writeReportFiles(dir, report);
    if (args.json) io.stdout.write(`${JSON.stringify({ runId: report.runId, dir, files, verdict: report.verdict, summary: report.summary })}\n`);
    else io.stdout.write(runSummary(report, report.scenario.name, dir));
    return report.verdict.pass ? ExitCode.pass : ExitCode.verdictFailed;
  },
};

/** The controller's report.json next to the shard files (a run folder's shards/ lives in it), else a usage error. */
async function besideShards(file: string): Promise<string> {
  const dir = dirname(file);
  for (const candidate of [join(dir, 'report.json'), join(dir, '..', 'report.json')]) {
    if (await stat(candidate).then((s) => s.isFile(), () => false)) return candidate;
  }
  throw new UsageError([`--controller is needed: no report.json beside ${basename(file)} or one level up (the controller's report of the run holds the origin and cache series)`]);
}
