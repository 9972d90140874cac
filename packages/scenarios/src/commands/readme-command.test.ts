/**
 * The README's main command line, exactly as written there, interrupted as a terminal's Ctrl-C interrupts it: SIGINT
 * to the whole process group. The shell must see stampede's own exit code (4) and the partial report must exist;
 * a package-manager wrapper (`pnpm stampede`, `pnpm exec`, `npx`) fails this, as it exits 130 (or kills stampede
 * before it writes the report).
 *
 * The install and build steps of the line are checked as text and not run: the test runs after both are done, and
 * running them again would add ~20 s (pnpm build alone takes ~18 s on a 2-core machine) and rewrite dist/ in the
 * middle of the suite. The stampede part runs with a short
 * `--duration` and `--out` into a temp dir. The shell is bash, as in a terminal or a GitHub Actions `run:` step:
 * Debian's /bin/sh (dash) kills itself on SIGINT while waiting for a command, whatever that command then exits with.
 * Needs `pnpm install && pnpm build` first (the root `pnpm test` does the build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stampede-readme-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INSTALL_STEPS = ['(command -v pnpm || npm install -g pnpm@10)', 'pnpm install', 'pnpm build'];

/** The first command of the README's Quick start, split into its `&&` steps. */
function readmeMainLine(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const quickStart = readme.slice(readme.indexOf('## Quick start'));
  const block = /```sh\n([^\n]+)\n```/.exec(quickStart);
  if (!block?.[1]) throw new Error('README.md: no one-line sh block under "## Quick start"');
  return block[1].split(' && ');
}

describe("the README's command line", () => {
  test('is one line: install pnpm if missing, install, build, then stampede run global-purge', () => {
    const steps = readmeMainLine();
    expect(steps.slice(0, INSTALL_STEPS.length)).toEqual(INSTALL_STEPS);
    expect(steps).toHaveLength(INSTALL_STEPS.length + 1);
    expect(steps.at(-1)).toMatch(/ run global-purge$/);
  });

  test('the executable pnpm links exists before pnpm build, and says to build when dist/ is missing (exit 3)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages/scenarios/package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = join(root, 'packages/scenarios', pkg.bin['stampede'] as string);
    expect(bin).not.toContain('/dist/');
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    // a copy of the launcher in a package folder that was never built
    const unbuilt = join(dir, 'unbuilt', 'bin');
    mkdirSync(unbuilt, { recursive: true });
    copyFileSync(bin, join(unbuilt, 'stampede.js'));
    const out = spawnSync(process.execPath, [join(unbuilt, 'stampede.js'), 'list'], { encoding: 'utf8' });
    expect(out.status).toBe(3);
    expect(out.stderr).toMatch(/not built yet: run pnpm build/);
  });

  test('every documented stampede command calls the executable, not a package-manager wrapper', () => {
    const docs = ['README.md', 'packages/scenarios/COMMANDS.md', 'packages/scenarios/SCENARIOS.md', 'packages/fake-backend/README.md', '.ci/run'];
    for (const doc of docs) {
      const text = readFileSync(join(root, doc), 'utf8');
      // a wrapper followed by a subcommand; naming the wrappers (to say why not) is fine
      expect(text.match(/(?:pnpm (?:exec )?|npx )stampede [a-z]/g) ?? [], doc).toEqual([]);
    }
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toMatch(/\.\/node_modules\/\.bin\/stampede gate --baseline/);
  });

  test('Ctrl-C (SIGINT to its process group) during the baseline: the shell sees exit 4 and the partial report is written', async () => {
    const command = `${readmeMainLine().at(-1)} --out ${dir} --run-id readme --duration 30s`;
    const child = spawn('bash', ['-c', command], {
      cwd: root,
      detached: true,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );
    try {
      const deadline = Date.now() + 60_000;
      while (!stderr.includes('· load')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never reached the load phase:\n${stderr}`);
        await sleep(20);
      }
      // 2.5 s into the measured load: inside the 10 s baseline, before the purge at 12 s
      await sleep(2500);
      process.kill(-(child.pid as number), 'SIGINT');
      const { code, signal } = await exited;
      expect({ code, signal }, `${stdout}\n${stderr}`).toEqual({ code: 4, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL');
    }
    // stampede's own output came through: progress on stderr, the summary on stdout
    expect(stderr).toMatch(/SIGINT received, stopping/);
    expect(stdout).toMatch(/^INTERRUPTED during load, before the fault — partial report, verdict not judged\n/);
    const file = join(dir, 'readme', 'report.json');
    expect(existsSync(file)).toBe(true);
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      interrupted?: { reason: string; phase?: string };
      series: unknown[];
      events: { action: string }[];
    };
    expect(report.interrupted?.reason).toMatch(/SIGINT/);
    expect(report.interrupted?.phase).toBe('load');
    expect(report.series.length).toBeGreaterThanOrEqual(1);
    expect(report.events.some((e) => e.action === 'purge-all')).toBe(false);
  }, 90_000);
});
