/**
 * A private nginx in front of the origin:
 *   nginx -p WORK/ -c conf/nginx.conf -g 'daemon off;'
 * in its own process group; every path nginx would write to is inside WORK (see nginx-conf.ts). nginx cannot
 * listen on port 0, so two ports (cache, stub_status) are picked free and nginx is started again with new ones if
 * it reports "Address already in use" (someone took one in between).
 * Actions: purgeAll = swap the cache directory for an empty one (one rename); ban / purgeKeys = delete the cache
 * files whose KEY matches (cache-files.ts); restart = stop, empty, start on the same port (the disk cache would
 * survive a plain restart); reloadConfig = new site.conf, `nginx -t`, SIGHUP (what `nginx -s reload` sends), wait
 * for the new workers; stats = stub_status + files and bytes in the cache directory.
 * A user's nginxConfFile (user-conf.ts) is a fragment with placeholders (site.conf, as always), a fragment without
 * them (retargeted into site.conf) or a whole nginx.conf (retargeted, written as conf/nginx.conf itself); the
 * rewritten forms cache in one directory per proxy_cache_path zone, and purge/ban/stats cover all of them.
 */
import { readFile, stat, writeFile, mkdir, open, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type {
  CacheAdapter,
  CacheCapabilities,
  CacheConfigChange,
  CacheEndpoint,
  RestartMode,
  RestartResult,
  WarmPlan,
} from '../adapter.js';
import { checkPurgePaths, compileBanPattern } from '../action-arguments.js';
import type { GraceSetting } from '../common-options.js';
import { CacheActionError, CacheOptionsError, CacheStartError } from '../errors.js';
import { pickFreePort } from '../process/free-port.js';
import type { ManagedProcess } from '../process/managed-process.js';
import { ProcessCacheLifecycle } from '../process/process-cache-lifecycle.js';
import { runCommand } from '../process/run-command.js';
import type { ResolveChange } from '../registry.js';
import { runRestart } from '../restart.js';
import { dialableHost } from '../loopback.js';
import { cacheUsage, deleteWhere, swapOut } from './cache-files.js';
import { parseBuildInfo, type NginxBuildInfo } from './build-info.js';
import { annotateSources } from './conf-syntax.js';
import { hostPort, renderMainConf, renderSiteConf } from './nginx-conf.js';
import { NGINX_INSTALL as INSTALL, NGINX_OPTIONS, type NginxOptions } from './nginx-options.js';
import type { Retargeted } from './retarget-conf.js';
import { parseStubStatus } from './stub-status.js';
import { renderUserConf } from './user-conf.js';

const STOP_TIMEOUT_MS = 5_000;
const RELOAD_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

type SiteSource =
  | {
      kind: 'generated';
      coalescing: boolean;
      grace: GraceSetting | undefined;
      ttlOverrideS: number | undefined;
      maxSizeBytes: number;
    }
  | { kind: 'file'; path: string };

export class NginxCache implements CacheAdapter {
  readonly kind = 'nginx' as const;
  readonly capabilities: CacheCapabilities;
  readonly cacheHeader: string;
  readonly #options: NginxOptions;
  readonly #resolveChange: ResolveChange;
  readonly #origin: { host: string; port: number };
  #site: SiteSource;
  #ports: { listen: number; status: number } | undefined;
  #agent: Agent | undefined;
  /** work directory (the nginx prefix), the master process, the URL */
  readonly #life: ProcessCacheLifecycle;
  /** every directory nginx caches into: purge, ban and stats cover all of them */
  #cacheDirs: string[] = [];
  #userConf:
    | { kind: 'placeholders' | 'fragment' | 'whole'; retargeted?: Retargeted; files?: string[]; sources?: { file: string; lines: (string | undefined)[] } }
    | undefined;
  #build: NginxBuildInfo | undefined;
  /** worker processes nginx runs (a whole user nginx.conf keeps its own worker_processes) */
  #workers: number;
  /** cache trees swapped out so far (their names in WORK/purged) */
  #purges = 0;

  constructor(options: NginxOptions, resolveChange: ResolveChange) {
    this.#options = options;
    this.#resolveChange = resolveChange;
    this.#life = new ProcessCacheLifecycle('nginx', options.workDir, {
      afterStop: async () => {
        await this.#agent?.close().catch(() => undefined);
        this.#agent = undefined;
        // what purges and restarts swapped out (a work directory the user named outlives the run)
        if (this.#life.workDirPath !== undefined) await rm(this.#trashDir, { recursive: true, force: true });
      },
    });
    this.#workers = options.workerProcesses;
    this.cacheHeader = options.cacheHeader;
    const origin = new URL(options.originUrl);
    this.#origin = { host: dialableHost(origin.hostname), port: origin.port === '' ? 80 : Number(origin.port) };
    this.#site =
      options.nginxConfFile === undefined
        ? {
            kind: 'generated',
            coalescing: options.coalescing,
            grace: options.grace,
            ttlOverrideS: options.ttlOverrideS,
            maxSizeBytes: options.maxSizeBytes,
          }
        : { kind: 'file', path: options.nginxConfFile };
    this.capabilities = NGINX_OPTIONS.capabilities(options);
  }

  config(): Record<string, unknown> {
    return {
      originUrl: this.#options.originUrl,
      cacheHeader: this.cacheHeader,
      workerProcesses: this.#workers,
      workDir: this.#life.workDirPath ?? this.#options.workDir ?? null,
      ...(this.#site.kind === 'generated'
        ? {
            conf: 'generated',
            coalescing: this.#site.coalescing,
            grace: this.#site.grace ?? 'origin',
            ttlOverrideS: this.#site.ttlOverrideS ?? null,
            maxSizeBytes: this.#site.maxSizeBytes,
          }
        : {
            conf: this.#site.path,
            ...(this.#userConf === undefined
              ? {}
              : {
                  confForm: this.#userConf.kind,
                  ...(this.#userConf.files === undefined ? {} : { includes: this.#userConf.files.slice(1) }),
                  ...(this.#userConf.retargeted === undefined ? {} : { retargeted: this.#userConf.retargeted }),
                }),
            cacheDirs: this.#cacheDirs,
          }),
    };
  }

  start(): Promise<CacheEndpoint> {
    return this.#life.start(async (dir) => {
      for (const sub of ['conf', 'logs', 'cache', 'tmp']) await mkdir(join(dir, sub), { recursive: true });
      for (let attempt = 1; ; attempt++) {
        const listen = await pickFreePort();
        let status = await pickFreePort();
        while (status === listen) status = await pickFreePort();
        this.#ports = { listen, status };
        await this.#writeConf(this.#site);
        try {
          await this.#launch();
          return `http://127.0.0.1:${listen}`;
        } catch (err) {
          if (attempt < PORT_ATTEMPTS && err instanceof CacheStartError && /Address already in use/.test(err.output)) continue;
          throw err;
        }
      }
    });
  }

  async purgeAll(): Promise<void> {
    this.#life.requireUrl();
    await this.#emptyCaches();
  }

  async ban(pattern: string): Promise<void> {
    const regex = compileBanPattern(pattern);
    this.#life.requireUrl();
    for (const dir of this.#cacheDirs) await deleteWhere(dir, (url) => regex.test(url));
  }

  async purgeKeys(paths: readonly string[]): Promise<void> {
    checkPurgePaths(paths);
    this.#life.requireUrl();
    const wanted = new Set(paths);
    for (const dir of this.#cacheDirs) await deleteWhere(dir, (url) => wanted.has(url));
  }

  restart(mode: RestartMode, warm?: WarmPlan): Promise<RestartResult> {
    return runRestart(mode, warm, () => this.#life.requireUrl(), async () => {
      this.#life.requireUrl();
      // The disk cache survives a process restart: "restart without warming" = stop, empty, start (same ports).
      await this.#life.process?.stop('SIGTERM', STOP_TIMEOUT_MS);
      this.#life.process = undefined;
      await this.#emptyCaches();
      try {
        await this.#launch();
      } catch (err) {
        throw new CacheActionError('nginx', 'restart', 'nginx did not come back on the same port', (err as CacheStartError).output ?? String(err));
      }
    });
  }

  async reloadConfig(change: CacheConfigChange): Promise<void> {
    const c = this.#resolveChange(change);
    this.#life.requireUrl();
    const owned = (NGINX_OPTIONS.ownFile?.owns ?? []).filter((k) => c[k] !== undefined);
    let next: SiteSource;
    if (c.nginxConfFile !== undefined || this.#site.kind === 'file') {
      if (owned.length > 0) {
        throw new CacheOptionsError(
          owned.map((k) => ({ path: k, message: `${k} is decided by your nginx conf file: edit it and reload with nginxConfFile` })),
          'nginx cache config change',
        );
      }
      next = { kind: 'file', path: c.nginxConfFile ?? (this.#site as { path: string }).path };
    } else {
      next = {
        kind: 'generated',
        coalescing: c.coalescing ?? this.#site.coalescing,
        grace: c.grace ?? this.#site.grace,
        ttlOverrideS: c.ttlOverrideS === undefined ? this.#site.ttlOverrideS : (c.ttlOverrideS ?? undefined),
        maxSizeBytes: c.maxSizeBytes ?? this.#site.maxSizeBytes,
      };
    }
    const previous = await this.#snapshotConf();
    await this.#writeConf(next);
    const test = await runCommand(this.#options.binaries.nginx, ['-t', ...this.#nginxArgs()], {
      timeoutMs: RELOAD_TIMEOUT_MS,
      installCommand: INSTALL,
    });
    if (test.code !== 0) {
      const output = this.#withSources(test.stderr + test.stdout);
      await previous.restore();
      throw new CacheActionError('nginx', 'reloadConfig', 'nginx -t rejected the new configuration (the old one keeps serving)', output);
    }
    const log = join(this.#prefix, 'logs', 'error.log');
    const offset = await sizeOf(log);
    (this.#life.process as ManagedProcess).signal('SIGHUP');
    await this.#waitForReload(log, offset);
    this.#site = next;
  }

  async stats(): Promise<Record<string, number>> {
    this.#life.requireUrl();
    const status = await this.#fetchStatus();
    if (status === undefined) throw new CacheActionError('nginx', 'stats', 'stub_status did not answer');
    let files = 0;
    let bytes = 0;
    for (const dir of this.#cacheDirs) {
      const usage = await cacheUsage(dir);
      files += usage.files;
      bytes += usage.bytes;
    }
    return { ...status, cacheFiles: files, cacheBytes: bytes };
  }

  async version(): Promise<string> {
    const r = await runCommand(this.#options.binaries.nginx, ['-v'], { timeoutMs: 5_000, installCommand: INSTALL });
    const m = /nginx\/(\S+)/.exec(r.stderr + r.stdout);
    return m === null ? 'nginx/unknown' : `nginx/${m[1]}`;
  }

  stop(): Promise<void> {
    return this.#life.stop();
  }

  pids(): number[] {
    return this.#life.pids();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  get #prefix(): string {
    return this.#life.dir;
  }

  get #cacheDir(): string {
    return join(this.#prefix, 'cache');
  }

  get #siteFile(): string {
    return join(this.#prefix, 'conf', 'site.conf');
  }

  get #mainFile(): string {
    return join(this.#prefix, 'conf', 'nginx.conf');
  }

  /** each cache directory swapped for an empty one; the old trees wait in WORK/purged until the cache stops */
  async #emptyCaches(): Promise<void> {
    await mkdir(this.#trashDir, { recursive: true });
    await Promise.all(this.#cacheDirs.map((dir) => swapOut(dir, join(this.#trashDir, `${++this.#purges}`))));
  }

  get #trashDir(): string {
    return join(this.#prefix, 'purged');
  }

  /** the conf files as they are now, and a way to put them back (a reload nginx -t rejects) */
  async #snapshotConf(): Promise<{ restore(): Promise<void> }> {
    const files = [this.#mainFile, this.#siteFile];
    const texts = await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => undefined)));
    const state = { cacheDirs: this.#cacheDirs, userConf: this.#userConf, workers: this.#workers };
    return {
      restore: async () => {
        for (const [i, f] of files.entries()) {
          const text = texts[i];
          if (text === undefined) await rm(f, { force: true });
          else await writeFile(f, text);
        }
        this.#cacheDirs = state.cacheDirs;
        this.#userConf = state.userConf;
        this.#workers = state.workers;
      },
    };
  }

  /** `nginx -V`, once: where a relative load_module points, and the installed conf directory */
  async #buildInfo(): Promise<NginxBuildInfo> {
    if (this.#build === undefined) {
      const r = await runCommand(this.#options.binaries.nginx, ['-V'], { timeoutMs: 5_000, installCommand: INSTALL });
      this.#build = parseBuildInfo(r.stderr + r.stdout);
    }
    return this.#build;
  }

  #nginxArgs(): string[] {
    return ['-p', `${this.#prefix}/`, '-c', 'conf/nginx.conf', '-g', 'daemon off;'];
  }

  async #writeConf(site: SiteSource): Promise<void> {
    const ports = this.#ports as { listen: number; status: number };
    const listen = `127.0.0.1:${ports.listen}`;
    const runAsRoot = process.getuid?.() === 0;
    const mainConf = renderMainConf({
      prefix: this.#prefix,
      workerProcesses: this.#options.workerProcesses,
      runAsRoot,
      statusPort: ports.status,
      siteFile: this.#siteFile,
    });
    if (site.kind === 'generated') {
      const text = renderSiteConf({
        listen,
        originHost: this.#origin.host,
        originPort: this.#origin.port,
        cacheDir: this.#cacheDir,
        cacheHeader: this.cacheHeader,
        ...site,
      });
      await writeFile(this.#siteFile, text);
      await writeFile(this.#mainFile, mainConf);
      this.#cacheDirs = [this.#cacheDir];
      this.#userConf = undefined;
      this.#workers = this.#options.workerProcesses;
      return;
    }
    const user = await renderUserConf({
      file: site.path,
      listen,
      originHost: this.#origin.host,
      originPort: this.#origin.port,
      origin: hostPort(this.#origin.host, this.#origin.port),
      prefix: this.#prefix,
      cacheDir: this.#cacheDir,
      statusPort: ports.status,
      workerProcesses: this.#options.workerProcesses,
      runAsRoot,
      cacheHeader: this.cacheHeader,
      build: await this.#buildInfo(),
    });
    for (const dir of user.cacheDirs) await mkdir(dir, { recursive: true });
    if (user.kind === 'whole') {
      await rm(this.#siteFile, { force: true });
      await writeFile(this.#mainFile, user.main);
    } else {
      await writeFile(this.#siteFile, user.site);
      await writeFile(this.#mainFile, mainConf);
    }
    this.#cacheDirs = user.cacheDirs;
    this.#workers = user.kind === 'whole' ? workerCount(user.workerProcesses) : this.#options.workerProcesses;
    this.#userConf =
      user.kind === 'placeholders'
        ? { kind: user.kind }
        : {
            kind: user.kind,
            retargeted: user.retargeted,
            files: user.files,
            sources: { file: user.kind === 'whole' ? this.#mainFile : this.#siteFile, lines: user.sources },
          };
  }

  /** start the master and wait until stub_status answers (all listen sockets are bound by then) */
  async #launch(): Promise<void> {
    const master = await this.#life.spawn(this.#options.binaries.nginx, this.#nginxArgs(), {
      installCommand: INSTALL,
      cwd: this.#prefix,
    });
    const deadline = Date.now() + this.#options.startTimeoutMs;
    for (;;) {
      if (master.hasExited) {
        await master.exited;
        const { code, signal } = master.exitStatus ?? { code: null, signal: null };
        this.#life.process = undefined;
        throw new CacheStartError('nginx', `nginx exited (${signal ?? `code ${code}`})`, this.#withSources(master.output() + (await this.#logTail())));
      }
      if ((await this.#fetchStatus()) !== undefined) return;
      if (Date.now() > deadline) {
        await master.stop('SIGTERM', STOP_TIMEOUT_MS);
        this.#life.process = undefined;
        throw new CacheStartError('nginx', `not serving after ${this.#options.startTimeoutMs} ms`, master.output() + (await this.#logTail()));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async #fetchStatus(): Promise<Record<string, number> | undefined> {
    const ports = this.#ports;
    if (ports === undefined) return undefined;
    this.#agent ??= new Agent({ keepAliveTimeout: 1_000, connect: { timeout: 1_000 } });
    try {
      const res = await request(`http://127.0.0.1:${ports.status}/`, { dispatcher: this.#agent, headersTimeout: 2_000, bodyTimeout: 2_000 });
      const text = await res.body.text();
      return res.statusCode === 200 ? parseStubStatus(text) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * After SIGHUP the master logs "reconfiguring", starts new workers, then tells the old ones to quit; each old
   * worker logs "gracefully shutting down" as it closes its listening sockets (it still finishes what it serves).
   * From then on every new connection meets the new configuration.
   */
  async #waitForReload(log: string, offset: number): Promise<void> {
    const deadline = Date.now() + RELOAD_TIMEOUT_MS;
    for (;;) {
      const text = await readFrom(log, offset);
      if (/\[emerg\]/.test(text)) throw new CacheActionError('nginx', 'reloadConfig', 'nginx refused the new configuration', text);
      const started = /reconfiguring[\s\S]*start worker process/.test(text);
      const oldWorkersQuit = (text.match(/gracefully shutting down/g) ?? []).length >= this.#workers;
      if (started && oldWorkersQuit) return;
      if (Date.now() > deadline) throw new CacheActionError('nginx', 'reloadConfig', `no new workers after ${RELOAD_TIMEOUT_MS} ms`, text);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async #logTail(): Promise<string> {
    if (this.#life.workDirPath === undefined) return '';
    const text = await readFrom(join(this.#prefix, 'logs', 'error.log'), 0).catch(() => '');
    return text === '' ? '' : `\n--- logs/error.log ---\n${text.slice(-4_000)}`;
  }

  /** nginx names lines of the rewritten copy, which is deleted on failure: add the user's file:line to each */
  #withSources(output: string): string {
    const sources = this.#userConf?.sources;
    return sources === undefined ? output : annotateSources(output, sources.file, sources.lines);
  }
}

/** worker_processes as nginx counts it: `auto` is one per CPU */
function workerCount(value: string): number {
  const n = Number(value);
  return value === 'auto' || !Number.isInteger(n) || n < 1 ? availableParallelism() : n;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function readFrom(file: string, offset: number): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = (await handle.stat()).size;
    if (size <= offset) return '';
    const buf = Buffer.alloc(size - offset);
    await handle.read(buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    await handle.close();
  }
}
