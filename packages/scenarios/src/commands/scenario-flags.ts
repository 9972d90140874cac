/**
 * The scenario argument and the flags that change it, shared by the commands that take a scenario the way
 * `stampede run` does (run, simulate): one declaration, one translation into ScenarioOverrides for resolveScenario.
 */
import type { Argv } from 'yargs';
import { CACHE_KINDS } from '../caches/adapter.js';
import type { ScenarioOverrides } from '../scenario-spec/index.js';
import { parseSetValue, setPathSegments, type SetOverride } from '../scenario-spec/set-override.js';
import { UsageError } from '../usage/usage-error.js';

export interface ScenarioFlags {
  scenario: string;
  cache?: string;
  vcl?: string;
  'nginx-conf'?: string;
  rate?: number;
  duration?: string;
  coalescing?: boolean;
  set?: string[];
}

export function scenarioFlags<T>(y: Argv<T>): Argv<T & ScenarioFlags> {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'built-in scenario name (stampede list) or a spec file (.yaml/.yml/.json)' })
    .option('cache', { type: 'string', choices: [...CACHE_KINDS], describe: 'the cache to put in front of the origin (default: the scenario\'s, usually embedded)' })
    .option('vcl', { type: 'string', describe: 'your VCL as it is, implies --cache varnish (its backends and probes point at the fake origin in a private copy)' })
    .option('nginx-conf', { type: 'string', describe: 'your own nginx server block for --cache nginx ({{LISTEN}}, {{ORIGIN}}, {{CACHE_DIR}})' })
    .option('rate', { type: 'number', describe: 'override the request rate (req/s); staged loads are scaled to this peak' })
    .option('duration', { type: 'string', describe: 'override the longest the measured load may run, e.g. 45s, 2m' })
    .option('coalescing', { type: 'boolean', describe: 'request coalescing in the cache on/off (--no-coalescing)' })
    .option('set', {
      type: 'string',
      array: true,
      describe: 'set any spec field, repeatable: --set load.keys=100000 --set origin.concurrency=400 (JSON values, else text: 45s, zipf:1.1); applied after the flags above',
    }) as unknown as Argv<T & ScenarioFlags>;
}

/** The flags as resolveScenario's overrides. @throws UsageError for a --set that is not `path=value`. */
export function scenarioOverrides(args: Omit<ScenarioFlags, 'scenario'>): ScenarioOverrides {
  const overrides: ScenarioOverrides = {};
  if (args.cache !== undefined) overrides.cache = args.cache;
  if (args.vcl !== undefined) overrides.vclFile = args.vcl;
  if (args['nginx-conf'] !== undefined) overrides.nginxConfFile = args['nginx-conf'];
  if (args.rate !== undefined) overrides.ratePerS = args.rate;
  if (args.duration !== undefined) overrides.durationS = args.duration;
  if (args.coalescing !== undefined) overrides.coalescing = args.coalescing;
  if (args.set !== undefined && args.set.length > 0) overrides.set = parseSetFlags(args.set);
  return overrides;
}

function parseSetFlags(flags: readonly string[]): SetOverride[] {
  const problems: string[] = [];
  const sets: SetOverride[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      problems.push(`--set ${flag}: expected path=value, e.g. --set load.ratePerS=200000`);
      continue;
    }
    const path = flag.slice(0, eq).trim();
    const segments = setPathSegments(path);
    if (typeof segments === 'string') problems.push(`--set ${flag}: ${segments}`);
    else sets.push({ path, value: parseSetValue(flag.slice(eq + 1)) });
  }
  if (problems.length > 0) throw new UsageError(problems);
  return sets;
}
