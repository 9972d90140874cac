/**
 * Bad input, through the real CLI: each case gets one clear message naming the field or the cause (and, where
 * there is one, the fix) and its exit code: 2 for usage and spec errors, 3 for the environment. Nothing runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stampede-bad-input-'));
const hasVarnish = ['/usr/sbin/varnishd', '/usr/bin/varnishd'].some(existsSync);
let busyPort = 0;
const blocker = createServer();
beforeAll(async () => {
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  busyPort = (blocker.address() as { port: number }).port;
});
afterAll(() => {
  blocker.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A minimal valid spec with `patch` merged in (as YAML-compatible JSON). */
function specFile(name: string, patch: Record<string, unknown>, raw?: string): string {
  const path = join(dir, name);
  const base = {
    name: 'bad',
    load: { ratePerS: 100, durationS: '20s', keys: 100 },
    timeline: [{ at: '12s', action: 'purge-all' }],
  };
  writeFileSync(path, raw ?? JSON.stringify({ ...base, ...patch }));
  return path;
}

function cliRun(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

type Case = [name: string, args: () => string[], exit: number, message: RegExp];

const cases: Case[] = [
  // spec files: wrong types, unknown fields, negative and absurd values, bad durations, unknown actions
  ['rate is a string', () => ['run', specFile('t1.json', { load: { ratePerS: 'fast', durationS: '20s' } })], 2, /load\.ratePerS/],
  ['negative rate', () => ['run', specFile('t2.json', { load: { ratePerS: -5, durationS: '20s' } })], 2, /load\.ratePerS.*-5/],
  ['absurd rate', () => ['run', specFile('t3.json', { load: { ratePerS: 1e9, durationS: '20s' } })], 2, /load\.ratePerS/],
  ['zero keys', () => ['run', specFile('t4.json', { load: { ratePerS: 10, durationS: '20s', keys: 0 } })], 2, /load\.keys/],
  ['bad duration', () => ['run', specFile('t5.json', { load: { ratePerS: 10, durationS: 'soon' } })], 2, /load\.durationS.*soon/],
  ['absurd duration', () => ['run', specFile('t6.json', { load: { ratePerS: 10, durationS: '400d' } })], 2, /load\.durationS/],
  ['unknown top-level field', () => ['run', specFile('t7.json', { loadd: {} })], 2, /loadd/],
  ['misspelt origin field', () => ['run', specFile('t8.json', { origin: { concurency: 4 } })], 2, /concurency.*concurrency/s],
  ['negative origin concurrency', () => ['run', specFile('t9.json', { origin: { concurrency: -2 } })], 2, /origin\.concurrency/],
  ['queue not an integer', () => ['run', specFile('t10.json', { origin: { queue: 2.5 } })], 2, /origin\.queue/],
  ['unknown service-time kind', () => ['run', specFile('t11.json', { origin: { serviceTime: { kind: 'normal', ms: 5 } } })], 2, /origin\.serviceTime/],
  ['unknown distribution', () => ['run', specFile('t12.json', { load: { ratePerS: 10, durationS: '20s', distribution: 'pareto:2' } })], 2, /distribution/],
  ['unknown cache kind', () => ['run', specFile('t13.json', { cache: { kind: 'squid' } })], 2, /squid/],
  ['unknown action', () => ['run', specFile('t14.json', { timeline: [{ at: '12s', action: 'nuke' }] })], 2, /timeline\[0\]/],
  ['ban without a pattern', () => ['run', specFile('t15.json', { timeline: [{ at: '12s', action: 'ban' }] })], 2, /timeline\[0\]\.pattern/],
  ['ban with a bad regex', () => ['run', specFile('t16.json', { timeline: [{ at: '12s', action: 'ban', pattern: '(' }] })], 2, /pattern/],
  ['fault time not a duration', () => ['run', specFile('t17.json', { timeline: [{ at: 'later', action: 'purge-all' }] })], 2, /timeline\[0\]\.at/],
  ['fault before the baseline window', () => ['run', specFile('t18.json', { timeline: [{ at: '2s', action: 'purge-all' }] })], 2, /timeline\[0\]\.at/],
  ['fault after the end of the load', () => ['run', specFile('t19.json', { timeline: [{ at: '30s', action: 'purge-all' }] })], 2, /timeline\[0\]\.at/],
  ['threshold on an unknown metric', () => ['run', specFile('t20.json', { thresholds: ['rate_503 < 0.01'] })], 2, /rate_503.*rate503/s],
  ['threshold without a limit', () => ['run', specFile('t21.json', { thresholds: ['rate503 <'] })], 2, /thresholds\[0\]/],
  ['YAML syntax error', () => ['run', specFile('t22.yaml', {}, 'name: x\nload: { ratePerS: 10\n')], 2, /t22\.yaml/],
  ['spec is not an object', () => ['run', specFile('t23.json', {}, '[1, 2, 3]')], 2, /object/],
  ['missing spec file', () => ['run', join(dir, 'nope.yaml')], 2, /nope\.yaml/],
  ['unknown scenario name', () => ['run', 'global-purj'], 2, /global-purge/],
  // flags
  ['--rate negative', () => ['run', 'global-purge', '--rate', '-1'], 2, /--rate/],
  ['--duration not a duration', () => ['run', 'global-purge', '--duration', 'soon'], 2, /--duration/],
  ['--cache unknown', () => ['run', 'global-purge', '--cache', 'squid'], 2, /squid/],
  ['unknown command', () => ['stampede-me'], 2, /stampede-me|Unknown/i],
  ['load: non-loopback target without --allow-remote', () => ['load', '--url', 'http://192.0.2.10/{key}', '--rate', '10', '--duration', '1s'], 2, /--allow-remote/],
  ['load: unknown --dist', () => ['load', '--url', 'http://127.0.0.1:9/{key}', '--rate', '10', '--duration', '1s', '--dist', 'pareto'], 2, /--dist/],
  ['load: --interval-ms out of range', () => ['load', '--url', 'http://127.0.0.1:9/{key}', '--rate', '10', '--duration', '1s', '--interval-ms', '5'], 2, /interval/i],
  ['backend: bad --service-time', () => ['backend', '--service-time', 'normal:20'], 2, /--service-time/],
  ['gate: missing baseline file', () => ['gate', '--baseline', join(dir, 'none.json'), '--current', join(dir, 'none.json')], 2, /none\.json/],
  ['report: not a report', () => ['report', specFile('t24.json', {}, '{"schema":"something/else"}')], 2, /schema/],
  // the environment: exit 3
  ['backend: port in use', () => ['backend', '--port', String(busyPort)], 3, /--port/],
];

describe('bad input through the CLI', () => {
  test('the table covers at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  test.each(cases)('%s', async (_name, args, exit, message) => {
    const out = await cliRun(args());
    expect(out.code, out.stderr).toBe(exit);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\n\s+at .*\(/); // no stack trace
  });

  test.skipIf(!hasVarnish)('a VCL that does not compile -> exit 3 with varnishd\'s compiler message', async () => {
    const vcl = join(dir, 'broken.vcl');
    writeFileSync(vcl, 'vcl 4.1;\nbackend default { .host = "{{ORIGIN_HOST}}"; .port = "{{ORIGIN_PORT}}"; }\nsub vcl_recv { set req.http.x = ; }\n');
    const out = await cliRun(['run', 'global-purge', '--vcl', vcl, '--duration', '20s']);
    expect(out.code).toBe(3);
    expect(out.stderr).toMatch(/VCC-compiler|VCL compilation failed/);
  }, 30_000);
});
