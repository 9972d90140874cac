import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpecFile } from './load-file.js';
import { validateScenario } from './validate.js';

const dir = mkdtempSync(join(tmpdir(), 'stampede-load-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const YAML_SPEC = `
# a commented YAML spec
name: yaml-purge
load:
  ratePerS: 300
  durationS: 40s
  distribution: zipf:1.2
cache:
  kind: varnish
  vclFile: vcl/site.vcl      # relative to this file
timeline:
  - { at: 15s, action: purge-all }
  - at: 20s
    action: reload-cache-config
    vclFile: ./other.vcl
thresholds: [ "rate503 < 0.01" ]
`;

describe('loadSpecFile', () => {
  it('reads YAML and makes file references absolute, relative to the spec', async () => {
    const raw = await loadSpecFile(write('purge.yaml', YAML_SPEC));
    expect(raw).toMatchObject({
      name: 'yaml-purge',
      load: { ratePerS: 300, durationS: '40s', distribution: 'zipf:1.2' },
      cache: { kind: 'varnish', vclFile: join(dir, 'vcl/site.vcl') },
      timeline: [{ at: '15s', action: 'purge-all' }, { vclFile: join(dir, 'other.vcl') }],
    });
    const spec = validateScenario(raw);
    expect(spec.load.distribution).toEqual({ kind: 'zipf', s: 1.2 });
    expect(spec.timeline.map((s) => s.at)).toEqual([15, 20]);
  });

  it('reads .yml the same way', async () => {
    const raw = await loadSpecFile(write('purge.yml', YAML_SPEC));
    expect(raw['name']).toBe('yaml-purge');
  });

  it('reads JSON', async () => {
    const path = write(
      'purge.json',
      JSON.stringify({ name: 'json-purge', load: { ratePerS: 10, durationS: 30 }, timeline: [{ at: 12, action: 'purge-all' }] }),
    );
    expect(validateScenario(await loadSpecFile(path)).name).toBe('json-purge');
  });

  it('names a spec without a name after its file', async () => {
    const raw = await loadSpecFile(write('my-spec.yaml', 'load: { ratePerS: 10, durationS: 30 }\n'));
    expect(raw['name']).toBe('my-spec');
    // ... unless the file name is not a valid scenario name: then `name` is reported missing.
    const other = await loadSpecFile(write('My Spec.yaml', 'load: { ratePerS: 10, durationS: 30 }\n'));
    expect(other['name']).toBeUndefined();
  });

  it('imports a JavaScript module default export (a copy of it)', async () => {
    const path = write(
      'spec.mjs',
      'export default { name: "js-spec", cache: { vclFile: "a.vcl" }, load: { ratePerS: 10, durationS: 30 } };\n',
    );
    const raw = await loadSpecFile(path);
    expect(raw).toEqual({ name: 'js-spec', cache: { vclFile: join(dir, 'a.vcl') }, load: { ratePerS: 10, durationS: 30 } });
    const mod = (await import(path)) as { default: { cache: { vclFile: string } } };
    expect(mod.default.cache.vclFile).toBe('a.vcl');
  });

  it.each([
    ['a list', 'list.yaml', '- 1\n- 2\n', '(got a list)'],
    ['a scalar', 'scalar.json', '42', '(got number)'],
    ['a directory', 'dir.yaml', null, 'it is a directory'],
  ])('refuses %s', async (_, name, text, fragment) => {
    const path = join(dir, name);
    if (text === null) mkdirSync(path);
    else writeFileSync(path, text);
    await expect(loadSpecFile(path)).rejects.toMatchObject({
      code: 'STAMPEDE_SPEC',
      problems: [expect.stringContaining(fragment)],
    });
  });
});
