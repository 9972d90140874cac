/**
 * Engine `local`: N shard processes on this machine (`node <stampede cli> shard`), same contract as a Kubernetes
 * Indexed Job (STAMPEDE_SHARD_INDEX instead of JOB_COMPLETION_INDEX). Each process is its own process group and
 * is reaped on stop(): SIGTERM (a shard then delivers what it measured), SIGKILL after a grace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SHARD_ENV, SHARD_RESULT_LINE } from './shard-env.js';
import type { ShardEngine, ShardExit, ShardFleet, ShardLaunch } from './shard-engine.js';

/** the package's launcher (bin/stampede.js), the same from src/shards (tests) and dist/shards */
const CLI = fileURLToPath(new URL('../../bin/stampede.js', import.meta.url));
const EXIT_GRACE_MS = 2_000;
const KILL_GRACE_MS = 5_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export interface LocalEngineOptions {
  /** each shard's stderr lines (progress, errors), prefixed with its index; default: dropped */
  log?: (line: string) => void;
}

export function localEngine(options: LocalEngineOptions = {}): ShardEngine {
  return {
    name: 'local',
    launch: (plan) => Promise.resolve(new LocalFleet(plan, options)),
  };
}

class LocalFleet implements ShardFleet {
  readonly description: string;
  readonly #children: ChildProcess[] = [];
  readonly #exits: ShardExit[] = [];
  readonly #listeners: ((exit: ShardExit) => void)[] = [];
  readonly #exited: Promise<void>[] = [];
  #stopping: Promise<void> | undefined;

  constructor(plan: ShardLaunch, options: LocalEngineOptions) {
    this.description = `${plan.shards} process${plan.shards === 1 ? '' : 'es'} on this machine`;
    for (let index = 0; index < plan.shards; index++) {
      const child = spawn(process.execPath, [CLI, 'shard'], {
        env: { ...process.env, ...plan.env, [SHARD_ENV.index]: String(index) },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      this.#children.push(child);
      // the last stdout line is the result (it went to the controller over HTTP too): drain, do not echo
      child.stdout?.resume();
      let partial = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line !== '' && !line.startsWith(SHARD_RESULT_LINE)) options.log?.(line);
      });
      this.#exited.push(
        new Promise<void>((resolve) => {
          child.once('error', (err) => {
            this.#emit({ index, code: null, reason: `could not start: ${err.message}` });
            resolve();
          });
          child.once('exit', (code, signal) => {
            this.#emit({ index, code, ...(signal ? { reason: `killed by ${signal}` } : {}) });
            resolve();
          });
        }),
      );
    }
  }

  onExit(listener: (exit: ShardExit) => void): void {
    this.#listeners.push(listener);
    for (const exit of this.#exits) listener(exit);
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  /** a shard that delivered exits by itself: give it EXIT_GRACE_MS, then SIGTERM, then SIGKILL */
  async #stop(): Promise<void> {
    const all = Promise.all(this.#exited);
    const waited = await Promise.race([all.then(() => true), delay(EXIT_GRACE_MS).then(() => false)]);
    if (waited) return;
    const running = this.#children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of running) signal(c, 'SIGTERM');
    const killer = setTimeout(() => {
      for (const c of running) signal(c, 'SIGKILL');
    }, KILL_GRACE_MS);
    await all;
    clearTimeout(killer);
  }

  #emit(exit: ShardExit): void {
    if (this.#exits.some((e) => e.index === exit.index)) return;
    this.#exits.push(exit);
    for (const l of this.#listeners) l(exit);
  }
}

/** the shard's whole process group (its worker threads are threads; a group also covers anything it spawned) */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, sig);
  } catch {
    child.kill(sig);
  }
}
