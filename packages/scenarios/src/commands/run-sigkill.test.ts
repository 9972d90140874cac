/**
 * A stampede killed with SIGKILL runs no exit hook: its caches must still go away (orphan watchdog). The cache
 * processes are found by name in /proc before and after, so the test sees exactly what the kill left behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { cacheWorkDirs, hasBinary, pidsNamed } from './testing/processes.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stampede-sigkill-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = join(dir, 'long.yaml');
writeFileSync(
  spec,
  `name: long-run
title: a run that will be killed
incident: test
description: test
load: { ratePerS: 100, durationS: 60s, keys: 100, workers: 1, connections: 32 }
origin: { concurrency: 8, serviceTime: { kind: constant, ms: 5 } }
warmup: false
baselineS: 5
timeline:
  - { at: 50s, action: purge-all }
`,
);

describe.each([
  ['varnish', 'varnishd', 'cache'],
  ['nginx', 'nginx', 'nginx'],
])('SIGKILL of stampede with --cache %s', (kind, binaryName, processName) => {
  test.skipIf(!hasBinary(binaryName))(`leaves no ${binaryName} behind`, async () => {
    const before = new Set([...pidsNamed(processName), ...pidsNamed(binaryName)]);
    const dirsBefore = cacheWorkDirs(kind);
    const child = spawn(process.execPath, [cli, 'run', spec, '--cache', kind, '--out', join(dir, 'reports')], {
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('· load')) resolve();
      });
      child.once('exit', () => reject(new Error(`stampede exited before the load started:\n${stderr}`)));
    });
    const started = [...pidsNamed(processName), ...pidsNamed(binaryName)].filter((p) => !before.has(p));
    // The test can fail: the cache really runs, as processes of this name, in a new work directory.
    expect(started.length).toBeGreaterThan(0);
    const newDirs = [...cacheWorkDirs(kind)].filter((d) => !dirsBefore.has(d));
    expect(newDirs.length).toBeGreaterThan(0);

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 6000;
    let left = started;
    while (Date.now() < deadline) {
      left = started.filter((p) => pidsNamed(processName).has(p) || pidsNamed(binaryName).has(p));
      if (left.length === 0) break;
      await sleep(100);
    }
    expect(left).toEqual([]);
    let dirsLeft = newDirs;
    while (Date.now() < deadline && dirsLeft.length > 0) {
      dirsLeft = newDirs.filter((d) => existsSync(join(tmpdir(), d)));
      if (dirsLeft.length > 0) await sleep(100);
    }
    expect(dirsLeft).toEqual([]);
  }, 30_000);
});
