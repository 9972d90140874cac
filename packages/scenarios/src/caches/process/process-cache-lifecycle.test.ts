import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { ProcessCacheLifecycle } from './process-cache-lifecycle.js';

/**
 * A leader that serves nothing, with one child: what matters here is the process group. Node, not sh: the test
 * runner may start children with SIGTERM ignored, which a shell cannot undo; a handler can (varnishd and nginx
 * install their own).
 */
const SH = '/bin/sh';
const NODE = process.execPath;
const LONG = ['-e', "require('node:child_process').spawn('sleep', ['30'], { stdio: 'ignore' }); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);"];

/** the leader and its background child, once the shell has forked it */
async function bothRunning(life: ProcessCacheLifecycle): Promise<number[]> {
  const deadline = Date.now() + 5_000;
  while (life.pids().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return life.pids();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** true once none of `pids` exists (killed and reaped), within 5 s */
async function allGone(pids: number[]): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return !pids.some(isAlive);
}

function lifecycle(hooks = {}): ProcessCacheLifecycle {
  const life = new ProcessCacheLifecycle('test', undefined, hooks);
  onTestFinished(() => life.stop());
  return life;
}

describe('ProcessCacheLifecycle', () => {
  test('start opens a work dir and runs boot once; stop reaps the group, removes the dir, and is idempotent', async () => {
    const calls: string[] = [];
    const life = lifecycle({
      beforeStop: async () => void calls.push('beforeStop'),
      afterStop: async () => void calls.push('afterStop'),
    });
    expect(() => life.requireUrl()).toThrow('test cache is not running: call start() first');
    let boots = 0;
    const boot = async (dir: string) => {
      boots++;
      await life.spawn(NODE, LONG, { installCommand: 'none', cwd: dir });
      return 'http://127.0.0.1:1';
    };
    expect(await life.start(boot)).toEqual({ url: 'http://127.0.0.1:1' });
    expect(await life.start(boot)).toEqual({ url: 'http://127.0.0.1:1' });
    expect(boots).toBe(1);
    const dir = life.dir;
    expect(existsSync(dir)).toBe(true);
    const pids = await bothRunning(life);
    expect(pids).toHaveLength(2);
    expect(life.requireUrl()).toBe('http://127.0.0.1:1');

    const first = life.stop();
    expect(life.stop()).toBe(first);
    await first;
    expect(calls).toEqual(['beforeStop', 'afterStop']);
    expect(life.pids()).toEqual([]);
    expect(life.process?.hasExited).toBe(true);
    expect(await allGone(pids)).toBe(true);
    expect(existsSync(dir)).toBe(false);
    expect(life.workDirPath).toBe(dir); // still named in config() after stop
    expect(() => life.requireUrl()).toThrow('not running');
    await expect(life.start(boot)).rejects.toThrow('test cache: start() after stop()');
  });

  test('a boot that fails after spawning is torn down: process group reaped, work dir removed, error rethrown', async () => {
    const life = lifecycle();
    let dir = '';
    let pids: number[] = [];
    await expect(
      life.start(async (d) => {
        dir = d;
        await life.spawn(NODE, LONG, { installCommand: 'none', cwd: d });
        pids = await bothRunning(life);
        throw new Error('not serving');
      }),
    ).rejects.toThrow('not serving');
    expect(pids).toHaveLength(2);
    expect(await allGone(pids)).toBe(true);
    expect(existsSync(dir)).toBe(false);
    expect(life.url).toBeUndefined();
  });

  test('a leader that already exited: its leftover children are still killed with the group', async () => {
    const life = lifecycle({ beforeStop: async () => expect.unreachable('the leader is gone') });
    await life.start(async (d) => {
      // the leader exits at once; its background child stays in the group
      await life.spawn(SH, ['-c', 'sleep 30 >/dev/null 2>&1 & echo $! > child.pid; exit 0'], { installCommand: 'none', cwd: d });
      await life.process?.exited;
      return 'http://127.0.0.1:1';
    });
    const child = Number(readFileSync(join(life.dir, 'child.pid'), 'utf8'));
    expect(() => process.kill(child, 0)).not.toThrow();
    await life.stop();
    // killed by the group SIGKILL, then reaped by init (a zombie would still answer signal 0)
    expect(await allGone([child])).toBe(true);
  });

  test('a work dir the caller named is left in place', async () => {
    const given = join(process.env['TMPDIR'] ?? '/tmp', `stampede-lifecycle-test-${process.pid}`);
    const life = new ProcessCacheLifecycle('test', given);
    await life.start(async () => 'http://127.0.0.1:1');
    await life.stop();
    expect(existsSync(given)).toBe(true);
    const { rm } = await import('node:fs/promises');
    await rm(given, { recursive: true, force: true });
  });
});
