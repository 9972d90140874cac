/**
 * A private nginx in front of the origin:
 *   nginx -p WORK/ -c conf/nginx.conf -g 'daemon off;'
 * in its own process group; every path nginx would write to is inside WORK (see nginx-conf.ts). nginx cannot
 * listen on port 0, so two ports (cache, stub_status) are picked free and nginx is started again with new ones if
 * it reports "Address already in use" (someone took one in between).
 * Actions: purgeAll = empty the cache directory; ban / purgeKeys = delete the cache files whose KEY matches
 * (cache-files.ts); restart = stop, empty, start on the same port (the disk cache would survive a plain restart);
 * reloadConfig = new site.conf, `nginx -t`, SIGHUP (what `nginx -s reload` sends), wait for the new workers;
 * stats = stub_status + files and bytes in the cache directory.
 */
import { readFile, rename, stat, writeFile, mkdir, copyFile, open } from 'node:fs/promises';
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
import { CacheActionError, CacheOptionsError, CacheStartError } from '../errors.js';
import { resolveConfigChange, type GraceSetting, type NginxOptions } from '../options.js';
import { pickFreePort } from '../process/free-port.js';
import { ManagedProcess } from '../process/managed-process.js';
import { runCommand } from '../process/run-command.js';
import { runRestart } from '../restart.js';
import { openWorkDir, type WorkDir } from '../work-dir.js';
import { dialableHost } from '../loopback.js';
import { cacheUsage, deleteWhere, emptyDir } from './cache-files.js';
import { injectPlaceholders, renderMainConf, renderSiteConf } from './nginx-conf.js';
import { parseStubStatus } from './stub-status.js';

const INSTALL = 'apt-get install -y nginx';
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
  readonly #origin: { host: string; port: number };
  #site: SiteSource;
  #workDir: WorkDir | undefined;
  #ports: { listen: number; status: number } | undefined;
  #master: ManagedProcess | undefined;
  #url: string | undefined;
  #agent: Agent | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: NginxOptions) {
    this.#options = options;
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
    const generated = options.nginxConfFile === undefined;
    this.capabilities = Object.freeze({
      purgeAll: true,
      ban: true,
      purgeKeys: true,
      restartCold: true,
      restartWarm: true,
      reloadConfig: true,
      nativeStats: true,
      coalescingToggle: generated,
      grace: generated,
    });
  }

  config(): Record<string, unknown> {
    return {
      originUrl: this.#options.originUrl,
      cacheHeader: this.cacheHeader,
      workerProcesses: this.#options.workerProcesses,
      workDir: this.#workDir?.path ?? this.#options.workDir ?? null,
      ...(this.#site.kind === 'generated'
        ? {
            conf: 'generated',
            coalescing: this.#site.coalescing,
            grace: this.#site.grace ?? 'origin',
            ttlOverrideS: this.#site.ttlOverrideS ?? null,
            maxSizeBytes: this.#site.maxSizeBytes,
          }
        : { conf: this.#site.path }),
    };
  }

  async start(): Promise<CacheEndpoint> {
    if (this.#url !== undefined) return { url: this.#url };
    if (this.#stopping !== undefined) throw new Error('nginx cache: start() after stop()');
    try {
      this.#workDir = await openWorkDir('nginx', this.#options.workDir);
      for (const sub of ['conf', 'logs', 'cache', 'tmp']) await mkdir(join(this.#workDir.path, sub), { recursive: true });
      for (let attempt = 1; ; attempt++) {
        const listen = await pickFreePort();
        let status = await pickFreePort();
        while (status === listen) status = await pickFreePort();
        this.#ports = { listen, status };
        await this.#writeConf(this.#site);
        try {
          await this.#launch();
          break;
        } catch (err) {
          if (attempt < PORT_ATTEMPTS && err instanceof CacheStartError && /Address already in use/.test(err.output)) continue;
          throw err;
        }
      }
      this.#url = `http://127.0.0.1:${this.#ports.listen}`;
      return { url: this.#url };
    } catch (err) {
      await this.#teardown();
      throw err;
    }
  }

  async purgeAll(): Promise<void> {
    this.#requireUrl();
    await emptyDir(this.#cacheDir);
  }

  async ban(pattern: string): Promise<void> {
    const regex = compileBanPattern(pattern);
    this.#requireUrl();
    await deleteWhere(this.#cacheDir, (url) => regex.test(url));
  }

  async purgeKeys(paths: readonly string[]): Promise<void> {
    checkPurgePaths(paths);
    this.#requireUrl();
    const wanted = new Set(paths);
    await deleteWhere(this.#cacheDir, (url) => wanted.has(url));
  }

  restart(mode: RestartMode, warm?: WarmPlan): Promise<RestartResult> {
    return runRestart(mode, warm, () => this.#requireUrl(), async () => {
      this.#requireUrl();
      // The disk cache survives a process restart: "restart without warming" = stop, empty, start (same ports).
      await this.#master?.stop('SIGTERM', STOP_TIMEOUT_MS);
      this.#master = undefined;
      await emptyDir(this.#cacheDir);
      try {
        await this.#launch();
      } catch (err) {
        throw new CacheActionError('nginx', 'restart', 'nginx did not come back on the same port', (err as CacheStartError).output ?? String(err));
      }
    });
  }

  async reloadConfig(change: CacheConfigChange): Promise<void> {
    const c = resolveConfigChange('nginx', change);
    this.#requireUrl();
    const owned = (['coalescing', 'grace', 'ttlOverrideS', 'maxSizeBytes'] as const).filter((k) => c[k] !== undefined);
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
    const site = this.#siteFile;
    await copyFile(site, `${site}.previous`);
    await this.#writeConf(next);
    const test = await runCommand(this.#options.binaries.nginx, ['-t', ...this.#nginxArgs()], {
      timeoutMs: RELOAD_TIMEOUT_MS,
      installCommand: INSTALL,
    });
    if (test.code !== 0) {
      await rename(`${site}.previous`, site);
      throw new CacheActionError('nginx', 'reloadConfig', 'nginx -t rejected the new configuration (the old one keeps serving)', test.stderr + test.stdout);
    }
    const log = join(this.#prefix, 'logs', 'error.log');
    const offset = await sizeOf(log);
    (this.#master as ManagedProcess).signal('SIGHUP');
    await this.#waitForReload(log, offset);
    this.#site = next;
  }

  async stats(): Promise<Record<string, number>> {
    this.#requireUrl();
    const status = await this.#fetchStatus();
    if (status === undefined) throw new CacheActionError('nginx', 'stats', 'stub_status did not answer');
    const usage = await cacheUsage(this.#cacheDir);
    return { ...status, cacheFiles: usage.files, cacheBytes: usage.bytes };
  }

  async version(): Promise<string> {
    const r = await runCommand(this.#options.binaries.nginx, ['-v'], { timeoutMs: 5_000, installCommand: INSTALL });
    const m = /nginx\/(\S+)/.exec(r.stderr + r.stdout);
    return m === null ? 'nginx/unknown' : `nginx/${m[1]}`;
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#teardown();
    return this.#stopping;
  }

  pids(): number[] {
    return this.#master?.tree() ?? [];
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  get #prefix(): string {
    return (this.#workDir as WorkDir).path;
  }

  get #cacheDir(): string {
    return join(this.#prefix, 'cache');
  }

  get #siteFile(): string {
    return join(this.#prefix, 'conf', 'site.conf');
  }

  #nginxArgs(): string[] {
    return ['-p', `${this.#prefix}/`, '-c', 'conf/nginx.conf', '-g', 'daemon off;'];
  }

  async #teardown(): Promise<void> {
    this.#url = undefined;
    await this.#master?.stop('SIGTERM', STOP_TIMEOUT_MS);
    await this.#agent?.close().catch(() => undefined);
    this.#agent = undefined;
    await this.#workDir?.dispose();
  }

  async #writeConf(site: SiteSource): Promise<void> {
    const ports = this.#ports as { listen: number; status: number };
    const listen = `127.0.0.1:${ports.listen}`;
    const text =
      site.kind === 'generated'
        ? renderSiteConf({
            listen,
            originHost: this.#origin.host,
            originPort: this.#origin.port,
            cacheDir: this.#cacheDir,
            cacheHeader: this.cacheHeader,
            ...site,
          })
        : injectPlaceholders(await readFile(site.path, 'utf8'), site.path, {
            listen,
            originHost: this.#origin.host,
            originPort: this.#origin.port,
            cacheDir: this.#cacheDir,
          });
    await writeFile(this.#siteFile, text);
    await writeFile(
      join(this.#prefix, 'conf', 'nginx.conf'),
      renderMainConf({
        prefix: this.#prefix,
        workerProcesses: this.#options.workerProcesses,
        runAsRoot: process.getuid?.() === 0,
        statusPort: ports.status,
        siteFile: this.#siteFile,
      }),
    );
  }

  /** start the master and wait until stub_status answers (all listen sockets are bound by then) */
  async #launch(): Promise<void> {
    const master = await ManagedProcess.spawn(this.#options.binaries.nginx, this.#nginxArgs(), {
      installCommand: INSTALL,
      cwd: this.#prefix,
    });
    this.#master = master;
    const deadline = Date.now() + this.#options.startTimeoutMs;
    for (;;) {
      if (master.hasExited) {
        await master.exited;
        const { code, signal } = master.exitStatus ?? { code: null, signal: null };
        this.#master = undefined;
        throw new CacheStartError('nginx', `nginx exited (${signal ?? `code ${code}`})`, master.output() + (await this.#logTail()));
      }
      if ((await this.#fetchStatus()) !== undefined) return;
      if (Date.now() > deadline) {
        await master.stop('SIGTERM', STOP_TIMEOUT_MS);
        this.#master = undefined;
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
      const oldWorkersQuit = (text.match(/gracefully shutting down/g) ?? []).length >= this.#options.workerProcesses;
      if (started && oldWorkersQuit) return;
      if (Date.now() > deadline) throw new CacheActionError('nginx', 'reloadConfig', `no new workers after ${RELOAD_TIMEOUT_MS} ms`, text);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async #logTail(): Promise<string> {
    if (this.#workDir === undefined) return '';
    const text = await readFrom(join(this.#prefix, 'logs', 'error.log'), 0).catch(() => '');
    return text === '' ? '' : `\n--- logs/error.log ---\n${text.slice(-4_000)}`;
  }

  #requireUrl(): string {
    if (this.#url === undefined) throw new Error('nginx cache is not running: call start() first');
    return this.#url;
  }
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
