/**
 * `stampede capacity <scenario> --vary rate|origin.concurrency --from X --to Y`: how much load (or how little
 * origin) the scenario survives. Prints the plan (most probes, estimated time) up front, then bisects with short
 * probe runs (capacity/ is the pure search; a probe is one run of the scenario at a value, judged by the scenario's
 * own verdict), printing each probe as it completes and the conclusion at the end. Writes capacity.json,
 * capacity.md and capacity.html (the survivability curve) plus every probe's report under probes/.
 *
 * A measurement, not a gate: exit 0 when the search ends, whatever it found; 2 for bad flags or a scenario that
 * cannot run at an end of the range (checked before any probe); 3 when a cache cannot start; 4 when interrupted.
 * Ctrl-C lets the probe in progress finish (a probe cut short would have no verdict), then writes what it has.
 */
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { CAPACITY_VARY, type CapacityVary } from '../capacity/capacity-options.js';
import { formatCapacityValue } from '../capacity/describe-capacity-result.js';
import { planCapacitySearch } from '../capacity/plan-capacity-search.js';
import { searchCapacity, type CapacityResult } from '../capacity/search-capacity.js';
import { capacityDocument } from '../capacity-run/capacity-document.js';
import { capacityOptions } from '../capacity-run/capacity-flags.js';
import { probeOutcome } from '../capacity-run/probe-outcome.js';
import {
  confirmation,
  confirmationTargets,
  describeConfirmation,
  type CapacityConfirmation,
  type ConfirmationProbe,
} from '../capacity-run/confirm-boundary.js';
import { MODEL_VERSION } from '../simulate/model-version.js';
import { simulateInWorker } from '../simulate/simulate-in-worker.js';
import { probeSpec } from '../capacity-run/probe-spec.js';
import { probeLine } from '../capacity-run/probe-table.js';
import { writeCapacityFiles } from '../capacity-run/write-capacity-files.js';
import { CACHE_KINDS } from '../caches/adapter.js';
import { ExitCode } from '../exit-codes.js';
import { folderName } from '../run-id/folder-name.js';
import { runScenario, type OrchestratorEvent } from '../orchestrator/index.js';
import type { Report } from '../record/report.js';
import { writeReportFiles } from '../report/write-report-files.js';
import { formatDuration } from '@stampede/loadgen';
import { resolveScenario, type ScenarioOverrides } from '../scenario-spec/index.js';
import type { ScenarioSpec } from '../scenario-spec/types.js';
import { TOOL_VERSION } from '../tool-version.js';
import { wantsProgress, type CommandIo, type StampedeCommand } from './command.js';
import { printEvent } from './run.js';

export interface CapacityArgs {
  scenario: string;
  vary: string;
  from: number;
  to: number;
  resolution?: string;
  'max-probes'?: number;
  'probe-duration'?: string;
  cache?: string;
  vcl?: string;
  'nginx-conf'?: string;
  coalescing?: boolean;
  out: string;
  'run-id'?: string;
  json: boolean;
  'allow-remote': boolean;
  simulate: boolean;
}

/** Runs one probe: the scenario at a value, to completion. Injected in tests. */
export type ProbeRunner = (spec: ScenarioSpec, runId: string, onEvent: (e: OrchestratorEvent) => void) => Promise<Report>;

export const capacityCommand: StampedeCommand<CapacityArgs> = {
  command: 'capacity <scenario>',
  describe: 'Find the highest rate (or lowest origin concurrency) a scenario survives, by bisecting with short probe runs',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'built-in scenario name (stampede list) or a spec file (.yaml/.yml/.json)' })
      .option('vary', { type: 'string', choices: [...CAPACITY_VARY], demandOption: true, describe: 'what to vary: rate (find the highest that passes) or origin.concurrency (the lowest)' })
      .option('from', { type: 'number', demandOption: true, describe: 'one end of the range: req/s for rate, origin slots for origin.concurrency' })
      .option('to', { type: 'number', demandOption: true, describe: 'the other end of the range (either order)' })
      .option('resolution', { type: 'string', describe: 'stop when the passing and failing values are this close: rate 5% (default), origin.concurrency 1 slot (default)' })
      .option('max-probes', { type: 'number', describe: 'run at most this many probes (default: as many as the resolution needs)' })
      .option('probe-duration', { type: 'string', describe: "each probe's load duration, e.g. 30s (default: the scenario's own; the fault must fall inside it)" })
      .option('cache', { type: 'string', choices: [...CACHE_KINDS], describe: "the cache to probe (default: the scenario's)" })
      .option('vcl', { type: 'string', describe: 'your own VCL file (implies --cache varnish)' })
      .option('nginx-conf', { type: 'string', describe: 'your own nginx server block (implies --cache nginx)' })
      .option('coalescing', { type: 'boolean', describe: 'request coalescing in the cache on/off (--no-coalescing)' })
      .option('out', { type: 'string', default: 'reports', describe: 'directory the search folder <id>/ is written into' })
      .option('run-id', { type: 'string', describe: 'name of the search folder (default: <time>-capacity-<scenario>)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON line {id, dir, files, outcome, boundary, failedAt, conclusion, probes} and no progress' })
      .option('allow-remote', { type: 'boolean', default: false, describe: 'allow a non-loopback external cache URL' })
      .option('simulate', {
        type: 'boolean',
        default: false,
        describe: 'search on the virtual-time model first (any rate, seconds), then confirm its boundary with one real probe on each side; prints both',
      })
      .example('$0 capacity global-purge --vary origin.concurrency --from 2 --to 64 --simulate', 'the model\'s answer, checked by two real runs')
      .example('$0 capacity global-purge-coalesced --vary rate --from 100 --to 1600 --probe-duration 30s', 'the highest rate a coalesced purge survives')
      .example('$0 capacity cold-restart --vary origin.concurrency --from 2 --to 32 --max-probes 6', 'the smallest origin that survives a cold restart') as unknown as Argv<CapacityArgs>,
  handler: (args, io) => runCapacity(args, io),
};

const realRunner: ProbeRunner = (spec, runId, onEvent) => runScenario(spec, { toolVersion: TOOL_VERSION, runId, onEvent });
const modelRunner: ProbeRunner = (spec, runId) => simulateInWorker(spec, { toolVersion: TOOL_VERSION, runId });

/** The command, with the probe runs (real, and the model's for --simulate) injectable. */
export async function runCapacity(
  args: CapacityArgs,
  io: CommandIo,
  runProbe: ProbeRunner = realRunner,
  runModel: ProbeRunner = modelRunner,
): Promise<number> {
  const overrides: ScenarioOverrides = {};
  if (args.cache !== undefined) overrides.cache = args.cache;
  if (args.vcl !== undefined) overrides.vclFile = args.vcl;
  if (args['nginx-conf'] !== undefined) overrides.nginxConfFile = args['nginx-conf'];
  if (args.coalescing !== undefined) overrides.coalescing = args.coalescing;
  const spec = await resolveScenario(args.scenario, overrides);
  const { search, probeDurationS } = capacityOptions(
    {
      vary: args.vary,
      from: args.from,
      to: args.to,
      ...(args.resolution !== undefined ? { resolution: args.resolution } : {}),
      ...(args['max-probes'] !== undefined ? { maxProbes: args['max-probes'] } : {}),
      ...(args['probe-duration'] !== undefined ? { probeDuration: args['probe-duration'] } : {}),
    },
    spec,
  );
  const vary = search.vary as CapacityVary;
  // Both ends checked before the first probe: a range the scenario cannot take fails now, not after an hour.
  for (const value of [search.from, search.to]) probeSpec(spec, vary, value, probeDurationS);
  const plan = planCapacitySearch(search);
  const id = args['run-id'] ?? folderName('capacity', spec.name, new Date());
  const dir = resolve(args.out, id);
  const v = (x: number) => formatCapacityValue(vary, x);

  const progress = wantsProgress(io, args.json);
  const say = (line: string): void => {
    if (!args.json) io.stderr.write(`${line}\n`);
  };
  const simulate = args.simulate === true;
  say(`stampede capacity ${spec.name} on ${spec.cache.kind}: ${vary} from ${v(search.from)} to ${v(search.to)}${simulate ? ` on the model (${MODEL_VERSION}) first` : ''}`);
  if (simulate) say('  the search runs on the model; then one real probe on each side of its boundary confirms it');
  else say(
    `  plan: at most ${plan.maxProbes} probe${plan.maxProbes === 1 ? '' : 's'} of ${formatDuration(search.probeSeconds)} ` +
      `(+ ~${formatDuration(search.overheadSeconds ?? 0)} set-up and warm-up each): up to ${minutes(plan.estimatedSeconds)}` +
      `${plan.capped ? ` (capped by --max-probes: ${plan.neededProbes} would reach the resolution)` : ''}` +
      `${spec.observe.stopWhenRecovered && spec.timeline.length > 0 ? '; a probe stops early once recovered' : ''}`,
  );

  const probeDirs: string[] = [];
  let running = 0;
  const onAbort = () => say(`  finishing probe ${running + 1}, then writing what the search has (Ctrl-C again abandons everything)`);
  io.signal.addEventListener('abort', onAbort, { once: true });
  const onEvent = (e: OrchestratorEvent): void => {
    if (progress) printEvent(e, io, progress);
  };
  let result: CapacityResult;
  let confirmed: CapacityConfirmation | undefined;
  let confirmedLines: string[] = [];
  try {
    result = await searchCapacity(
      search,
      async (value, context) => {
        running = context.index;
        const n = String(context.index + 1).padStart(2, '0');
        say(`${simulate ? 'model ' : ''}probe ${context.index + 1}/${plan.maxProbes} (${context.role}) at ${v(value)} ...`);
        // Not passed the signal: a probe cut short has no verdict, so an interrupt lets it finish.
        const report = await (simulate ? runModel : runProbe)(probeSpec(spec, vary, value, probeDurationS), `${id}-${simulate ? 'm' : 'p'}${n}`, onEvent);
        const rel = join(simulate ? 'model' : 'probes', `p${n}`);
        await writeReportFiles(join(dir, rel), report);
        probeDirs[context.index] = rel;
        return probeOutcome(report);
      },
      { signal: io.signal, onProbe: (p, pl) => say(probeLine(vary, p, pl.maxProbes)) },
    );
    if (simulate) {
      const targets = confirmationTargets(result);
      const probes: ConfirmationProbe[] = [];
      for (const [i, target] of targets.entries()) {
        if (io.signal.aborted) break;
        say(`real probe ${i + 1}/${targets.length} at ${v(target.value)} (the model says ${target.expected}) ...`);
        const report = await runProbe(probeSpec(spec, vary, target.value, probeDurationS), `${id}-c${i + 1}`, onEvent);
        const rel = join('probes', `c${i + 1}`);
        await writeReportFiles(join(dir, rel), report);
        const outcome = probeOutcome(report);
        probes.push({ ...target, outcome, dir: rel });
        say(`real probe ${i + 1}/${targets.length} at ${v(target.value)}: ${outcome.pass ? 'PASS' : 'FAIL'} (model: ${target.expected})`);
      }
      confirmed = confirmation(MODEL_VERSION, probes);
      confirmedLines = describeConfirmation(vary, confirmed, targets.length);
    }
  } finally {
    io.signal.removeEventListener('abort', onAbort);
  }
  const interrupted = result.outcome === 'interrupted' ? { reason: abortReason(io.signal), at: Date.now() } : undefined;
  const doc = capacityDocument({
    id,
    createdAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    scenario: { name: spec.name, title: spec.title },
    cacheKind: spec.cache.kind,
    range: { from: search.from, to: search.to },
    probeDurationS,
    result,
    probeDirs,
    ...(interrupted ? { interrupted } : {}),
    ...(confirmed ? { confirmation: confirmed, extraConclusion: confirmedLines } : {}),
  });
  const files = await writeCapacityFiles(dir, doc);
  if (args.json) {
    io.stdout.write(
      `${JSON.stringify({
        id,
        dir,
        files,
        outcome: result.outcome,
        boundary: result.boundary,
        failedAt: result.failedAt,
        conclusion: doc.conclusion,
        ...(confirmed ? { confirmation: confirmed } : {}),
        probes: result.probes.map((p) => ({ index: p.index, value: p.value, role: p.role, pass: p.outcome.pass, rate503: p.outcome.rate503, recoverySeconds: p.outcome.recoverySeconds, dir: probeDirs[p.index] ?? null })),
      })}\n`,
    );
  } else {
    io.stdout.write([`${result.outcome.toUpperCase()}  ${spec.name} on ${spec.cache.kind}, ${vary}`, ...doc.conclusion.map((l) => `  ${l}`), `  curve: ${join(dir, 'capacity.html')}`, ''].join('\n'));
  }
  return interrupted ? ExitCode.interrupted : ExitCode.pass;
}

function minutes(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

function abortReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'interrupted';
}

