/**
 * `stampede simulate` through the real CLI (dist/cli.js: run `pnpm build` first): the three report files marked
 * simulated, the exit code of the verdict, --set, what the model cannot play (exit 2), and `gate` / `report` reading
 * a simulated report as they read a measured one. No servers: every case takes well under a second of simulation.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { readReport } from '../record/report-json.js';
import type { Report } from '../record/report.js';
import { MODEL_VERSION } from '../simulate/model-version.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stampede-simulate-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stampede(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const reportOf = (runId: string): Report => readReport(readFileSync(join(dir, runId, 'report.json'), 'utf8'));

// each CLI start loads the whole tool (seconds on a busy 2-core machine); the gate case starts five
describe('stampede simulate', { timeout: 120_000 }, () => {
  test('global-purge: report.json/md/html marked SIMULATED with the model version, exit code = the verdict', async () => {
    const r = await stampede(['simulate', 'global-purge', '--out', dir, '--run-id', 'gp']);
    for (const f of ['report.json', 'report.md', 'report.html']) expect(existsSync(join(dir, 'gp', f)), f).toBe(true);
    const report = reportOf('gp');
    expect(r.code).toBe(report.verdict.pass ? 0 : 1);
    expect(report.simulated).toMatchObject({ modelVersion: MODEL_VERSION });
    expect(report.simulated!.events).toBeGreaterThan(10_000);
    expect(report.cache).toMatchObject({ kind: 'embedded', version: `model ${MODEL_VERSION}`, config: { coalescing: false } });

    const mark = `SIMULATED (model ${MODEL_VERSION}) — not a measurement`;
    expect(r.stdout.split('\n')[0]).toBe(mark);
    expect(readFileSync(join(dir, 'gp', 'report.md'), 'utf8')).toMatch(/^# SIMULATED · global-purge on embedded/);
    expect(readFileSync(join(dir, 'gp', 'report.html'), 'utf8')).toContain(`<strong>${mark}.</strong>`);

    // the analysis found the purge and measured from it, as in a run: baseline healthy, a fault, histograms per bucket
    const purge = report.events.find((e) => e.action === 'purge-all');
    expect(purge).toMatchObject({ kind: 'action', detail: { atS: 12 } });
    expect(report.events[0]).toMatchObject({ action: 'load-start', kind: 'phase', t: report.series[0]!.t });
    expect(report.summary.windows?.fault).toBe(purge!.t);
    expect(report.summary.baseline?.healthy).toBe(true);
    expect(report.summary.amplification).toBeGreaterThan(2);
    expect(report.series.filter((p) => p.responses > 0).every((p) => (p.histogram ?? '') !== '')).toBe(true);
    expect(report.histograms.incident).not.toBe('');
  });

  test('gate reads simulated reports: the same one passes; with coalescing on as the baseline, turning it off is a regression', async () => {
    const fixed = await stampede(['simulate', 'global-purge', '--coalescing', '--out', dir, '--run-id', 'gpc']);
    expect(fixed.code).toBe(reportOf('gpc').verdict.pass ? 0 : 1);
    await stampede(['simulate', 'global-purge', '--out', dir, '--run-id', 'gp2']);
    const same = await stampede(['gate', '--baseline', join(dir, 'gp2', 'report.json'), '--current', join(dir, 'gp2', 'report.json')]);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    const worse = await stampede(['gate', '--baseline', join(dir, 'gpc', 'report.json'), '--current', join(dir, 'gp2', 'report.json')]);
    expect(worse.code, worse.stdout + worse.stderr).toBe(1);
    const rerender = await stampede(['report', join(dir, 'gp2', 'report.json')]);
    expect(rerender.code).toBe(0);
    expect(readFileSync(join(dir, 'gp2', 'report.md'), 'utf8')).toMatch(/^# SIMULATED · /);
  });

  test('--set changes any field as run would take it: rate and keys beyond any rig', async () => {
    const r = await stampede(['simulate', 'global-purge', '--set', 'load.ratePerS=5000', '--set', 'load.keys=100000', '--set', 'origin.concurrency=80', '--json', '--out', dir]);
    expect([0, 1]).toContain(r.code);
    const line = JSON.parse(r.stdout) as { simulated: { modelVersion: string }; dir: string };
    expect(line.simulated.modelVersion).toBe(MODEL_VERSION);
    const report = readReport(readFileSync(join(line.dir, 'report.json'), 'utf8'));
    expect(report.load).toMatchObject({ rate: 5000, keys: 100_000 });
    expect(report.origin.concurrency).toBe(80);
    expect(report.summary.requests).toBeGreaterThan(5000 * 20);
  });

  test('Ctrl-C stops a long simulation at once (it runs on a worker thread): exit 4, nothing written', async () => {
    const child = spawn(
      process.execPath,
      [cli, 'simulate', 'global-purge', '--set', 'load.ratePerS=200000', '--set', 'load.keys=1000000', '--out', dir, '--run-id', 'cut'],
      { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('stampede simulate global-purge')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await started;
    await new Promise((r) => setTimeout(r, 300));
    const sent = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(4);
    // 200k req/s over 1M keys for 50 s takes tens of seconds to simulate: stopping must not wait for it
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(stderr).toMatch(/simulation interrupted \(interrupted by SIGINT\): nothing written/);
    expect(existsSync(join(dir, 'cut'))).toBe(false);
  }, 60_000);

  test.each([
    ['a --set that is not path=value', ['simulate', 'global-purge', '--set', 'load.ratePerS'], /--set load\.ratePerS: expected path=value/],
    ['a --set value the spec refuses', ['simulate', 'global-purge', '--set', 'load.ratePerS=-5'], /load\.ratePerS.*\(from --set load\.ratePerS=-5\)/],
    ['an unknown scenario', ['simulate', 'global-purj'], /did you mean global-purge/],
  ])('%s: exit 2 and the reason', async (_name, args, message) => {
    const r = await stampede(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('a timeline step the model cannot play: exit 2 naming the step and what the model supports', async () => {
    const file = join(dir, 'reload-by-size.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'reload-by-size',
        load: { ratePerS: 100, durationS: '20s', keys: 100 },
        cache: { kind: 'embedded' },
        timeline: [{ at: '12s', action: 'reload-cache-config', maxSizeBytes: '1MB' }],
      }),
    );
    const r = await stampede(['simulate', file, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/timeline\[0\].*reload-cache-config/);
    expect(r.stderr).toMatch(/maxSizeBytes/);
  });

  test('a cache setting the model cannot express: exit 2 naming the field and what the model does', async () => {
    const file = join(dir, 'by-size.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'by-size',
        load: { ratePerS: 100, durationS: '20s', keys: 100 },
        cache: { kind: 'embedded', maxSizeBytes: '1MB' },
        timeline: [{ at: '12s', action: 'purge-all' }],
      }),
    );
    const r = await stampede(['simulate', file, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cache\.maxSizeBytes is set .*evicts by count only/);
  });
});
