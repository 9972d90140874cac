/**
 * Short commands (varnishstat every bucket, varnishadm for an action, nginx -t, an external cache's purge) run from a
 * small long-lived helper process rather than forked from stampede's own. A fork blocks the forking thread while it
 * copies the process, and stampede's main thread hosts the fake origin (and the embedded cache): forked from there,
 * Varnish's varnishstat stalled the origin 13-34 ms every second and a varnishadm action 30-60 ms at the fault
 * (traced, packages/scenarios/docs/model-validation.md). The helper is a bare `node -e`: its forks cost it a few ms
 * and stall nothing that is measured.
 *
 * One helper per stampede process, started at the first command. Requests and answers are JSON lines matched by id,
 * so commands run concurrently. The helper runs in its own process group (a Ctrl-C on the terminal does not reach
 * it: stampede still needs it to stop the caches) and exits when its stdin closes, which the kernel does when
 * stampede exits, however it exits. It keeps stampede's event loop alive only while a command is out. If it cannot
 * start or dies, `runInHelper` answers undefined (for the commands it had, too) and the caller runs them itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';

/** What a command came to: its exit, or the error that kept it from running (`errno`: ENOENT, EACCES, ...). */
export type CommandAnswer =
  | { code: number | null; stdout: string; stderr: string; timedOut: boolean }
  | { errno: string | undefined; message: string };

export interface CommandRequest {
  file: string;
  args: readonly string[];
  timeoutMs: number;
  /** the command's environment; default the helper's (this process's when it started) */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The helper itself: plain JS for `node -e`, so it needs no build step and no file on disk. */
const HELPER_SOURCE = String.raw`
const { execFile } = require('node:child_process');
for (const sig of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(sig, () => {});
const answer = (id, a) => process.stdout.write(JSON.stringify({ id, answer: a }) + '\n');
const run = (m) => {
  const options = {
    timeout: m.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024,
    env: m.env || process.env, cwd: m.cwd, encoding: 'utf8',
  };
  execFile(m.file, m.args, options, (err, stdout, stderr) => {
    if (err === null) return answer(m.id, { code: 0, stdout, stderr, timedOut: false });
    if (typeof err.code === 'number' || err.killed === true || err.signal != null) {
      const code = typeof err.code === 'number' ? err.code : null;
      return answer(m.id, { code, stdout, stderr, timedOut: err.killed === true && err.signal === 'SIGKILL' });
    }
    answer(m.id, { errno: typeof err.code === 'string' ? err.code : undefined, message: err.message });
  });
};
const lines = require('node:readline').createInterface({ input: process.stdin });
lines.on('line', (line) => run(JSON.parse(line)));
lines.on('close', () => process.exit(0));
`;

let helper: ChildProcess | undefined;
let helperFailed = false;
let nextId = 0;
const pending = new Map<number, (answer: CommandAnswer | undefined) => void>();

/** While a command is out the helper's pipes keep this process alive (to hear the answer); idle, they do not. */
function refPipes(child: ChildProcess, on: boolean): void {
  for (const pipe of [child.stdin, child.stdout] as unknown as (Socket | null)[]) {
    if (on) pipe?.ref();
    else pipe?.unref();
  }
}

/**
 * The helper is gone: the commands it had are answered undefined, so their callers run them (one may have run
 * already), and so is every later one.
 */
function helperGone(child: ChildProcess): void {
  if (helper !== child) return;
  helper = undefined;
  helperFailed = true;
  const left = [...pending.values()];
  pending.clear();
  for (const resolve of left) resolve(undefined);
}

function ensureHelper(): ChildProcess | undefined {
  if (helper !== undefined || helperFailed) return helper;
  const child = spawn(process.execPath, ['-e', HELPER_SOURCE], { detached: true, stdio: ['pipe', 'pipe', 'ignore'] });
  child.on('error', () => helperGone(child));
  child.on('exit', () => helperGone(child));
  child.stdin?.on('error', () => {});
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const { id, answer } = JSON.parse(line) as { id: number; answer: CommandAnswer };
      const resolve = pending.get(id);
      if (resolve === undefined) return;
      pending.delete(id);
      if (pending.size === 0) refPipes(child, false);
      resolve(answer);
    });
  }
  child.unref();
  refPipes(child, false);
  helper = child;
  return child;
}

/** Runs one command in the helper. Never rejects; undefined: the helper could not run it (run it yourself). */
export function runInHelper(request: CommandRequest): Promise<CommandAnswer | undefined> {
  const child = ensureHelper();
  if (child?.stdin?.writable !== true) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    refPipes(child, true);
    child.stdin?.write(JSON.stringify({ id, ...request }) + '\n');
  });
}

/** The helper's pid, for tests. */
export function commandHelperPid(): number | undefined {
  return helper?.pid;
}
