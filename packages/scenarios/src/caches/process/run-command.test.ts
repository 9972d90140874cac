import { describe, expect, it } from 'vitest';
import { MissingBinaryError } from '../errors.js';
import { commandHelperPid } from './command-helper.js';
import { runCommand } from './run-command.js';

const opts = { timeoutMs: 5_000, installCommand: 'apt-get install -y nothing' };
const sh = (script: string, timeoutMs = 5_000) => runCommand('/bin/sh', ['-c', script], { ...opts, timeoutMs });

// One file, in order: the last test kills the helper.
describe('runCommand through the command helper', () => {
  it('forks from the helper, not from this process: the command\'s parent is the helper', async () => {
    const r = await sh('echo $PPID');
    const helper = commandHelperPid();
    expect(helper).toBeDefined();
    expect(helper).not.toBe(process.pid);
    expect(Number(r.stdout.trim())).toBe(helper);
  });

  it('returns stdout, stderr and a non-zero exit as they were', async () => {
    const r = await sh('echo out; echo err >&2; exit 3');
    expect(r).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
  });

  it('runs commands concurrently and gives each its own answer', async () => {
    const answers = await Promise.all([5, 1, 4, 2, 3].map((n) => sh(`sleep 0.0${n}; echo ${n}`)));
    expect(answers.map((a) => a.stdout)).toEqual(['5\n', '1\n', '4\n', '2\n', '3\n']);
  });

  it('passes env and cwd', async () => {
    const env = { GREETING: 'hi' };
    const r = await runCommand('/bin/sh', ['-c', 'echo "$GREETING $(pwd)"'], { ...opts, env, cwd: '/tmp' });
    expect(r.stdout).toBe('hi /tmp\n');
  });

  it('kills a command past its timeout: code null, timedOut', async () => {
    const r = await sh('sleep 5', 200);
    expect(r).toMatchObject({ code: null, timedOut: true });
  });

  it('a missing binary is a MissingBinaryError naming it and the install command', async () => {
    const err = await runCommand('/nonexistent/varnishstat', [], opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingBinaryError);
    expect((err as Error).message).toContain('/nonexistent/varnishstat');
    expect((err as Error).message).toContain('apt-get install -y nothing');
  });

  it('when the helper dies, the command it had and every later one run here', async () => {
    const helper = commandHelperPid() as number;
    const out = sh('sleep 0.3; echo late');
    await new Promise((r) => setTimeout(r, 100));
    process.kill(helper, 'SIGKILL');
    // run again here, from the start
    expect((await out).stdout).toBe('late\n');
    expect(Number((await sh('echo $PPID')).stdout.trim())).toBe(process.pid);
  });
});
