/**
 * A long-lived child (varnishd manager, nginx master) in its own process group, so the whole tree (varnish's cache
 * child, nginx workers) can be signalled at once and Ctrl-C on the terminal reaches stampede, not the cache.
 * Output is kept (the last 64 KiB) for error messages. Every live group is SIGKILLed if this Node process exits
 * without stopping it (crash, process.exit), and the orphan watchdog kills it if this process is SIGKILLed, so a
 * cache never outlives the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MissingBinaryError } from '../errors.js';
import { unwatchGroup, watchGroup } from './orphan-watchdog.js';

const OUTPUT_LIMIT = 64 * 1024;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** how to install the binary, for MissingBinaryError */
  installCommand: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of live) p.killGroup('SIGKILL');
  });
}

export class ManagedProcess {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  #output = '';
  #exit: ProcessExit | undefined;

  private constructor(child: ChildProcess, pid: number) {
    this.pid = pid;
    const onData = (chunk: Buffer) => {
      this.#output += chunk.toString('utf8');
      if (this.#output.length > OUTPUT_LIMIT) this.#output = this.#output.slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => {
      // 'close' (not 'exit'): all output has been read by then, so error messages are complete.
      child.once('close', (code, signal) => {
        this.#exit = { code, signal };
        live.delete(this);
        unwatchGroup(pid);
        resolve(this.#exit);
      });
    });
    live.add(this);
    installExitHook();
    watchGroup(pid);
  }

  /**
   * Start `file` detached (a new process group) with piped output.
   * @throws MissingBinaryError when the binary is missing or not executable
   */
  static spawn(file: string, args: readonly string[], options: SpawnOptions): Promise<ManagedProcess> {
    return new Promise((resolve, reject) => {
      const child = spawn(file, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT' || err.code === 'EACCES') reject(new MissingBinaryError(file, options.installCommand, { cause: err }));
        else reject(err);
      });
      child.once('spawn', () => {
        if (child.pid === undefined) reject(new Error(`${file} started without a pid`));
        else resolve(new ManagedProcess(child, child.pid));
      });
    });
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  get exitStatus(): ProcessExit | undefined {
    return this.#exit;
  }

  /** the last 64 KiB of stdout and stderr, interleaved as received */
  output(): string {
    return this.#output;
  }

  /** signal the leader only (varnishd manager / nginx master) */
  signal(sig: NodeJS.Signals): void {
    if (this.#exit !== undefined) return;
    try {
      process.kill(this.pid, sig);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  /** signal every process of the group, the leader's children included (no-op once the group is gone) */
  killGroup(sig: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, sig);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  /**
   * `graceSignal` to the leader, up to `timeoutMs` for it to exit, then SIGKILL to the whole group, which also
   * catches children the leader left behind. Resolves once the leader is reaped.
   */
  async stop(graceSignal: NodeJS.Signals, timeoutMs: number): Promise<ProcessExit> {
    if (this.#exit === undefined) {
      this.signal(graceSignal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      await Promise.race([this.exited, timedOut]);
      clearTimeout(timer);
    }
    this.killGroup('SIGKILL');
    return this.exited;
  }

  /** the leader and all its descendants that are alive now (Linux /proc; just the leader elsewhere) */
  tree(): number[] {
    if (this.#exit !== undefined) return [];
    const out: number[] = [];
    const visit = (pid: number) => {
      out.push(pid);
      for (const child of childrenOf(pid)) visit(child);
    };
    visit(this.pid);
    return out;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** true while a process with this pid exists and is not a zombie */
export function isProcessAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    }
    return false;
  }
}
