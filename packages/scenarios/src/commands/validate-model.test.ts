/**
 * `stampede validate-model` through the real CLI (dist/cli.js): bad arguments refused before anything runs, and
 * `--real` over a recorded run (seconds, nothing run). The comparison itself is table-tested in
 * simulate/validate-model.test.ts; a whole validation runs real scenarios (~40-60 s each) and is not in the suite.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished, test } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function stampede(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A validation folder holding one recorded real run (the drift test's fixture) as validate-model writes it. */
async function recordedFolder(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stampede-validate-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, `${name}-real`));
  await copyFile(fileURLToPath(new URL(`../simulate/fixtures/${name}.real.report.json`, import.meta.url)), join(dir, `${name}-real`, 'report.json'));
  return dir;
}

describe('stampede validate-model: bad arguments, exit 2 before any run', () => {
  test.each([
    ['an unknown scenario', ['--scenarios', 'global-purge,nope'], /--scenarios: unknown scenario "nope"; built-in scenarios: global-purge,/],
    ['no scenario named', ['--scenarios', ' , '], /--scenarios: name at least one scenario/],
    ['a cache the model is not validated on', ['--cache', 'external'], /Invalid values:[\s\S]*external/],
    ['a --real folder that is not there', ['--real', '/nonexistent-validation'], /--real: \/nonexistent-validation: no such folder; give a folder an earlier validate-model wrote/],
    ['--repeat out of range', ['--repeat', '0'], /--repeat must be a whole number from 1 to 50 \(got 0\)/],
  ])('%s', async (_name, args, message) => {
    const r = await stampede(['validate-model', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\[1\//);
  });
});

describe('stampede validate-model --real: the recorded runs simulated again, nothing run', () => {
  test('a recorded run is re-read, simulated as it ran and judged: the table, both reports, exit 0', async () => {
    const real = await recordedFolder('eviction-storm');
    const out = await mkdtemp(join(tmpdir(), 'stampede-validate-out-'));
    onTestFinished(() => rm(out, { recursive: true, force: true }));
    const r = await stampede(['validate-model', '--real', real, '--scenarios', 'eviction-storm', '--out', out, '--run-id', 'v']);
    expect(r.stderr).toMatch(/real runs re-read from/);
    expect(r.stdout).toMatch(/^\| eviction-storm \| embedded \| .* \| yes \|$/m);
    expect(r.stdout).toContain('1 of 1 scenario within bounds.');
    expect(r.code).toBe(0);
    expect((await readdir(join(out, 'v'))).sort()).toEqual(['eviction-storm-sim', 'validation.md']);
    expect(await readFile(join(out, 'v', 'validation.md'), 'utf8')).toContain(`the real runs recorded in ${real}`);
  });

  test('a scenario with no recorded run, or --repeat beside --real: exit 2, naming it', async () => {
    const real = await recordedFolder('eviction-storm');
    const missing = await stampede(['validate-model', '--real', real, '--scenarios', 'eviction-storm,global-purge']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--real: no real run of global-purge in /);
    const both = await stampede(['validate-model', '--real', real, '--scenarios', 'eviction-storm', '--repeat', '2']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--repeat and --real cannot be combined/);
  });
});
