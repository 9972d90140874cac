/**
 * The lifecycle a cache that runs as a child process shares (varnish, nginx): start() opens the work directory,
 * lets the adapter launch its process and wait until it serves, and tears everything down when that fails; stop()
 * is idempotent, reaps the process group and removes the work directory the adapter created. The adapter keeps
 * what is its own (the command line, what "serving" means, its agents) and composes this rather than inheriting.
 */
import type { CacheEndpoint } from '../adapter.js';
import { openWorkDir, type WorkDir } from '../work-dir.js';
import { ManagedProcess, type SpawnOptions } from './managed-process.js';

const STOP_TIMEOUT_MS = 5_000;

export interface ProcessCacheHooks {
  /** while the process still runs, before SIGTERM (varnish: `varnishadm stop`, so the manager exits at once) */
  beforeStop?(): Promise<void>;
  /** once the process group is gone, before the work directory is removed (close HTTP agents) */
  afterStop?(): Promise<void>;
}

export class ProcessCacheLifecycle {
  /** the running process (manager / master); the adapter replaces it on a restart */
  process: ManagedProcess | undefined;
  /** http://127.0.0.1:PORT while serving */
  url: string | undefined;
  readonly #kind: string;
  readonly #givenWorkDir: string | undefined;
  readonly #hooks: ProcessCacheHooks;
  #workDir: WorkDir | undefined;
  #stopping: Promise<void> | undefined;

  /** `kind` names messages and the work directory (stampede-<kind>-XXXX); `workDir` is options.workDir */
  constructor(kind: string, workDir: string | undefined, hooks: ProcessCacheHooks = {}) {
    this.#kind = kind;
    this.#givenWorkDir = workDir;
    this.#hooks = hooks;
  }

  /** the work directory's path once start() opened it */
  get workDirPath(): string | undefined {
    return this.#workDir?.path;
  }

  /** the work directory's path; only between start() and stop() */
  get dir(): string {
    if (this.#workDir === undefined) throw new Error(`${this.#kind} cache: no work directory before start()`);
    return this.#workDir.path;
  }

  /**
   * Opens the work directory and runs `boot`, which launches the process (spawn()) and resolves with the URL once
   * it serves. On any failure everything started so far is torn down before the error is rethrown.
   */
  async start(boot: (dir: string) => Promise<string>): Promise<CacheEndpoint> {
    if (this.url !== undefined) return { url: this.url };
    if (this.#stopping !== undefined) throw new Error(`${this.#kind} cache: start() after stop()`);
    try {
      this.#workDir = await openWorkDir(this.#kind, this.#givenWorkDir);
      this.url = await boot(this.#workDir.path);
      return { url: this.url };
    } catch (err) {
      await this.#teardown();
      throw err;
    }
  }

  /** starts `file` in its own process group as this cache's process */
  async spawn(file: string, args: readonly string[], options: SpawnOptions): Promise<ManagedProcess> {
    this.process = await ManagedProcess.spawn(file, args, options);
    return this.process;
  }

  /** idempotent: every call waits for the same teardown */
  stop(): Promise<void> {
    this.#stopping ??= this.#teardown();
    return this.#stopping;
  }

  pids(): number[] {
    return this.process?.tree() ?? [];
  }

  requireUrl(): string {
    if (this.url === undefined) throw new Error(`${this.#kind} cache is not running: call start() first`);
    return this.url;
  }

  async #teardown(): Promise<void> {
    this.url = undefined;
    const process = this.process;
    if (process !== undefined) {
      if (!process.hasExited) await this.#hooks.beforeStop?.();
      // SIGTERM, then SIGKILL to the group: children a crashed leader left behind are reaped too.
      await process.stop('SIGTERM', STOP_TIMEOUT_MS);
    }
    await this.#hooks.afterStop?.();
    await this.#workDir?.dispose();
  }
}
