import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getScenario } from '../catalog/index.js';
import { looksLikePath, resolveScenario } from './resolve.js';

const dir = mkdtempSync(join(tmpdir(), 'stampede-resolve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('resolveScenario', () => {
  it('returns a built-in scenario as the catalog holds it', async () => {
    const spec = await resolveScenario('global-purge');
    expect(spec).toEqual(getScenario('global-purge')?.spec);
    expect(Object.isFrozen(spec)).toBe(true);
  });

  it('applies overrides before validation', async () => {
    const spec = await resolveScenario('global-purge', { cache: 'varnish', ratePerS: 300, durationS: '40s', coalescing: true });
    expect(spec.cache).toEqual({ kind: 'varnish', coalescing: true });
    expect(spec.load.ratePerS).toBe(300);
    expect(spec.load.durationS).toBe(40);
    expect(spec.timeline).toEqual(getScenario('global-purge')?.spec.timeline);
  });

  it('takes --vcl relative to cwd, implies varnish and leaves coalescing to the VCL', async () => {
    write('site.vcl', 'vcl 4.1;\n');
    const spec = await resolveScenario('global-purge', { vclFile: 'site.vcl' }, { cwd: dir });
    expect(spec.cache).toEqual({ kind: 'varnish', vclFile: join(dir, 'site.vcl') });
  });

  it('reports a --vcl file that does not exist, naming the flag', async () => {
    await expect(resolveScenario('global-purge', { vclFile: 'nope.vcl' }, { cwd: dir })).rejects.toMatchObject({
      problems: [`cache.vclFile names a file that does not exist: ${join(dir, 'nope.vcl')} (from --vcl "${join(dir, 'nope.vcl')}")`],
    });
  });

  it('reports a scenario that cannot run on the chosen cache', async () => {
    await expect(resolveScenario('eviction-storm', { cache: 'varnish' })).rejects.toMatchObject({
      problems: [expect.stringContaining('timeline[0].maxCount applies to the embedded cache only')],
    });
  });

  it('loads a file relative to cwd, with overrides', async () => {
    write('mine.yaml', 'name: mine\nload: { ratePerS: 50, durationS: 1m }\ntimeline: [{ at: 20s, action: purge-all }]\n');
    const spec = await resolveScenario('mine.yaml', { ratePerS: 75 }, { cwd: dir });
    expect(spec.name).toBe('mine');
    expect(spec.load).toMatchObject({ ratePerS: 75, durationS: 60 });
  });

  it('reports a file spec problem with the file as subject', async () => {
    const path = write('broken.json', JSON.stringify({ name: 'broken', load: { ratePerS: -1, durationS: 30 } }));
    await expect(resolveScenario(path)).rejects.toThrow(`invalid scenario file ${path}: load.ratePerS must be a number > 0`);
  });

  it.each([
    ['global-purge', false],
    ['./global-purge', true],
    ['specs/x.yaml', true],
    ['x.JSON', true],
    ['x.yml', true],
    ['C:\\specs\\x', true],
  ])('%s looks like a path: %s', (arg, expected) => {
    expect(looksLikePath(arg)).toBe(expected);
  });
});
