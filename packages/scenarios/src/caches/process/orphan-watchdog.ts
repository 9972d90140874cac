/**
 * Orphan protection: a cache (varnishd, nginx) must not outlive stampede, even when stampede is SIGKILLed and no
 * exit hook runs. One watchdog process per stampede process holds the read end of a pipe from it and learns the
 * process group of every cache it starts ("+ PGID" / "- PGID" lines) and the private directories the caches
 * write to ("+dir PATH" / "-dir PATH"). When the pipe closes — stampede exited, for any reason, the kernel closes
 * it — the watchdog SIGTERMs the groups still registered, SIGKILLs them 2 s later, removes the directories and
 * exits. It runs in its own process group, so a Ctrl-C on the terminal does not reach it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/** The watchdog itself: plain JS for `node -e`, so it needs no build step and no file on disk. */
const WATCHDOG_SOURCE = String.raw`
const groups = new Set();
const dirs = new Set();
let buffered = '';
for (const sig of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(sig, () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    const space = line.indexOf(' ');
    const op = line.slice(0, space);
    const arg = line.slice(space + 1);
    if (op === '+dir') { dirs.add(arg); continue; }
    if (op === '-dir') { dirs.delete(arg); continue; }
    const pgid = Number(arg);
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (op === '+') groups.add(pgid);
    else if (op === '-') groups.delete(pgid);
  }
});
const signalAll = (sig) => {
  for (const pgid of groups) {
    try { process.kill(-pgid, sig); } catch {}
  }
};
const removeDirs = () => {
  for (const dir of dirs) {
    try { require('node:fs').rmSync(dir, { recursive: true, force: true, maxRetries: 3 }); } catch {}
  }
};
process.stdin.on('end', () => {
  if (groups.size === 0) { removeDirs(); process.exit(0); }
  signalAll('SIGTERM');
  setTimeout(() => { signalAll('SIGKILL'); setTimeout(() => { removeDirs(); process.exit(0); }, 200); }, 2000);
});
`;

let watchdog: ChildProcess | undefined;

function ensureWatchdog(): ChildProcess | undefined {
  if (watchdog?.stdin?.writable) return watchdog;
  const child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.on('error', () => {
    watchdog = undefined;
  });
  child.stdin?.on('error', () => {});
  // Neither the process nor its pipe may keep stampede's event loop alive.
  child.unref();
  (child.stdin as unknown as Socket | null)?.unref();
  watchdog = child;
  return child;
}

/** The group `pgid` is killed if this process dies before unwatchGroup(pgid). */
export function watchGroup(pgid: number): void {
  ensureWatchdog()?.stdin?.write(`+ ${pgid}\n`);
}

export function unwatchGroup(pgid: number): void {
  if (watchdog?.stdin?.writable) watchdog.stdin.write(`- ${pgid}\n`);
}

/** `dir` (a private work directory, absolute, no newline) is removed if this process dies before unwatchDir(dir). */
export function watchDir(dir: string): void {
  if (!dir.includes('\n')) ensureWatchdog()?.stdin?.write(`+dir ${dir}\n`);
}

export function unwatchDir(dir: string): void {
  if (watchdog?.stdin?.writable) watchdog.stdin.write(`-dir ${dir}\n`);
}

/** The watchdog's pid, for tests. */
export function watchdogPid(): number | undefined {
  return watchdog?.pid;
}
