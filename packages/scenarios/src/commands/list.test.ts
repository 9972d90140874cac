import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { catalog } from '../catalog/index.js';
import type { CommandIo } from './command.js';
import { listCommand, renderList, type ListedScenario } from './list.js';

function capture(): { io: CommandIo; out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const io: CommandIo = { stdout, stderr: new PassThrough(), env: {}, signal: new AbortController().signal };
  return { io, out: () => Buffer.concat(chunks).toString('utf8') };
}

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const { io, out } = capture();
  let code = -1;
  await yargs(argv)
    .strict()
    .command(listCommand.command, listCommand.describe, listCommand.builder, async (args) => {
      code = await listCommand.handler(args, io);
    })
    .parseAsync();
  return { code, out: out() };
}

describe('stampede list', () => {
  it('prints one line per scenario: name, incident, counterpart, caches', async () => {
    const { code, out } = await run(['list']);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^SCENARIO\s+INCIDENT\s+COUNTERPART\s+CACHES$/);
    for (const e of catalog) {
      const line = lines.find((l) => l.startsWith(`${e.spec.name} `));
      expect(line, e.spec.name).toBeDefined();
      expect(line).toContain(e.summary);
      expect(line).toContain(e.supports.join(','));
    }
    expect(lines.find((l) => l.startsWith('global-purge '))).toContain('fix: global-purge-coalesced');
    expect(lines.find((l) => l.startsWith('global-purge-coalesced '))).toContain('fixes global-purge');
    expect(lines.find((l) => l.startsWith('ttl-collapse '))).toContain('fix: ttl-collapse-jitter, ttl-collapse-swr');
    expect(out).toContain('stampede run <scenario>');
  });

  it('aligns the columns', () => {
    const rows = renderList(catalog).split('\n').slice(0, catalog.length + 1);
    const incidentColumn = rows[0]!.indexOf('INCIDENT');
    for (const r of rows.slice(1)) expect(r[incidentColumn - 1]).toBe(' ');
    for (const r of rows.slice(1)) expect(r[incidentColumn]).not.toBe(' ');
  });

  it('prints JSON with --json', async () => {
    const { code, out } = await run(['list', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { scenarios: ListedScenario[] };
    expect(parsed.scenarios.map((s) => s.name)).toEqual(catalog.map((e) => e.spec.name));
    expect(parsed.scenarios[0]).toEqual({
      name: 'global-purge',
      title: catalog[0]!.spec.title,
      summary: catalog[0]!.summary,
      fault: 'purge-all',
      incident: catalog[0]!.spec.incident,
      mitigations: ['global-purge-coalesced'],
      mitigationOf: null,
      requires: ['purgeAll', 'coalescingToggle'],
      supports: ['embedded', 'varnish', 'nginx'],
    });
  });
});
