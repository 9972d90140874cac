/**
 * `stampede list [--json]`: the built-in scenarios, one line each — name, the incident in a few words, the
 * counterpart (the fix of an incident, the incident a fix is for) and the caches it runs on.
 */
import type { Argv } from 'yargs';
import { catalog, type CatalogEntry } from '../catalog/index.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandIo, StampedeCommand } from './command.js';

export interface ListArgs {
  json: boolean;
}

/** One scenario as `list --json` prints it. */
export interface ListedScenario {
  name: string;
  title: string;
  summary: string;
  fault: string;
  incident: string;
  mitigations: string[];
  mitigationOf: string | null;
  requires: string[];
  supports: string[];
}

export function listedScenario(e: CatalogEntry): ListedScenario {
  return {
    name: e.spec.name,
    title: e.spec.title,
    summary: e.summary,
    fault: e.fault,
    incident: e.spec.incident,
    mitigations: [...e.mitigations],
    mitigationOf: e.mitigationOf ?? null,
    requires: [...e.requires],
    supports: [...e.supports],
  };
}

function counterpart(e: CatalogEntry): string {
  if (e.mitigationOf !== undefined) return `fixes ${e.mitigationOf}`;
  return e.mitigations.length > 0 ? `fix: ${e.mitigations.join(', ')}` : '';
}

/** The table `stampede list` prints; pure, for tests. */
export function renderList(entries: readonly CatalogEntry[]): string {
  const rows = [
    ['SCENARIO', 'INCIDENT', 'COUNTERPART', 'CACHES'],
    ...entries.map((e) => [e.spec.name, e.summary, counterpart(e), e.supports.join(',')]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const lines = rows.map((r) =>
    r
      .map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  return (
    `${lines.join('\n')}\n\n` +
    'Run one: stampede run <scenario> [--cache embedded|varnish|nginx]. Your own: stampede run my-scenario.yaml\n' +
    '(spec format and details of each scenario: packages/scenarios/SCENARIOS.md)\n'
  );
}

export const listCommand: StampedeCommand<ListArgs> = {
  command: 'list',
  describe: 'List the built-in scenarios: the incident each reproduces, its fix, the caches it runs on',
  builder: (y: Argv) =>
    y.option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print the scenarios as JSON (name, summary, incident, mitigations, requires, supports)',
    }) as unknown as Argv<ListArgs>,
  handler: async (args: ListArgs, io: CommandIo): Promise<number> => {
    if (args.json) io.stdout.write(`${JSON.stringify({ scenarios: catalog.map(listedScenario) }, null, 2)}\n`);
    else io.stdout.write(renderList(catalog));
    return ExitCode.pass;
  },
};
