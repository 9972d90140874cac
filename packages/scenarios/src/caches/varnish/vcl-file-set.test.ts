import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { mapToOriginals, writeUserVcl, type UserVclOptions } from './vcl-file-set.js';

const root = mkdtempSync(join(tmpdir(), 'stampede-vcl-set-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const o: UserVclOptions = { originHost: '127.0.0.1', originPort: 9000, healthPath: '/__h', outcomeVcl: 'sub vcl_deliver { }\n' };
let n = 0;
/** a fresh directory with these files (relative path -> text) */
function files(tree: Record<string, string>): string {
  const dir = join(root, `case-${n++}`);
  for (const [rel, text] of Object.entries(tree)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('writeUserVcl', () => {
  test('includes are resolved next to the including file, rewritten recursively, and the user files are untouched', async () => {
    const abs = files({ 'shared/abs.vcl': 'backend c { .host = "10.0.0.3"; }\n' });
    const main = 'vcl 4.1;\ninclude "conf/backends.vcl";\nsub vcl_recv { }\n';
    const backends = `include "probes.vcl";\ninclude "${join(abs, 'shared/abs.vcl')}";\nbackend a { .host = "10.0.0.1"; .probe = p; }\n`;
    const probes = 'probe p { .url = "/ping"; }\nbackend b { .host = "10.0.0.2"; .port = "81"; }\n';
    const dir = files({ 'site.vcl': main, 'conf/backends.vcl': backends, 'conf/probes.vcl': probes });
    const out = join(dir, 'out');
    const set = await writeUserVcl(join(dir, 'site.vcl'), out, o);
    expect(set.backends.map((b) => [b.name, b.was, b.probe, b.file])).toEqual([
      ['b', '10.0.0.2:81', false, join(dir, 'conf/probes.vcl')],
      ['c', '10.0.0.3:80', false, join(abs, 'shared/abs.vcl')],
      ['a', '10.0.0.1:80', true, join(dir, 'conf/backends.vcl')],
    ]);
    const text = readFileSync(set.mainPath, 'utf8');
    expect(text.split('\n')[0]).toBe(`vcl 4.1; include "${join(out, 'stampede-outcome.vcl')}";`);
    const includedCopy = /include "([^"]+)"/.exec(text.split('\n')[1] as string)?.[1] as string;
    expect(includedCopy.startsWith(out)).toBe(true);
    expect(readFileSync(includedCopy, 'utf8')).toContain('backend a { .host = "127.0.0.1"; .port = "9000";');
    expect(readFileSync(join(out, 'stampede-outcome.vcl'), 'utf8')).toBe(o.outcomeVcl);
    expect(readFileSync(join(dir, 'site.vcl'), 'utf8')).toBe(main);
    expect(readFileSync(join(dir, 'conf/backends.vcl'), 'utf8')).toBe(backends);
    expect(mapToOriginals(`('${includedCopy}' Line 3 Pos 1)`, set.originals)).toBe(`('${join(dir, 'conf/backends.vcl')}' Line 3 Pos 1)`);
  });

  test('placeholders are still filled in; `probe default` marks every backend as probed', async () => {
    const dir = files({ 'p.vcl': 'vcl 4.1;\nprobe default { .url = "/"; }\nbackend d { .host = "{{ORIGIN_HOST}}"; .port = "{{ORIGIN_PORT}}"; }\n# {{ORIGIN_HOST}}\n' });
    const set = await writeUserVcl(join(dir, 'p.vcl'), join(dir, 'out'), o);
    expect(set.backends).toEqual([{ name: 'd', was: '{{ORIGIN_HOST}}:{{ORIGIN_PORT}}', probe: true, file: join(dir, 'p.vcl') }]);
    expect(readFileSync(set.mainPath, 'utf8')).toContain('# 127.0.0.1');
  });

  test.each<[string, Record<string, string>, RegExp]>([
    ['no backend at all', { 'm.vcl': 'vcl 4.1;\nsub vcl_recv { }\n' }, /declares no backend.*add one, e\.g\. backend default/],
    ['only a none backend', { 'm.vcl': 'vcl 4.1;\nbackend default none;\n' }, /only backends without an address \(backend default none;\).*declare one/],
    ['a missing include', { 'm.vcl': 'vcl 4.1;\n\ninclude "nope.vcl";\n' }, /m\.vcl line 3: include "nope\.vcl" not found \(looked in .*\/etc\/varnish/],
    ['an include loop', { 'm.vcl': 'vcl 4.1;\ninclude "a.vcl";\n', 'a.vcl': 'include "m.vcl";\n' }, /includes .*m\.vcl, which includes it back/],
  ])('%s: one clear error naming the cause and the fix', async (_name, tree, message) => {
    const dir = files(tree);
    const err = await writeUserVcl(join(dir, 'm.vcl'), join(dir, 'out'), o).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STAMPEDE_SPEC' });
    expect((err as Error).message).toMatch(message);
  });
});
