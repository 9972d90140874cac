/**
 * `stampede validate-model` argument checks through the real CLI (dist/cli.js): refused before anything runs.
 * The comparison itself is table-tested in simulate/validate-model.test.ts; a whole validation runs real scenarios
 * (~40-60 s each) and is not part of the unit suite.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function stampede(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('stampede validate-model: bad arguments, exit 2 before any run', () => {
  test.each([
    ['an unknown scenario', ['--scenarios', 'global-purge,nope'], /--scenarios: unknown scenario "nope"; built-in scenarios: global-purge,/],
    ['no scenario named', ['--scenarios', ' , '], /--scenarios: name at least one scenario/],
    ['a cache the model is not validated on', ['--cache', 'external'], /Invalid values:[\s\S]*external/],
  ])('%s', async (_name, args, message) => {
    const r = await stampede(['validate-model', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\[1\//);
  });
});
