/**
 * A private varnishd in front of the origin:
 *   varnishd -F -j none -n WORK/varnish -a 127.0.0.1:0 -f WORK/vcl-0.vcl -s malloc,SIZE -p vsl_space=16m
 * - foreground (-F) in its own process group, so stop() and a crashing stampede can kill the whole tree;
 * - -n absolute (a relative one lands under /var/lib/varnish); -j none: no privilege separation, so the
 *   varnishadm/varnishstat we run (same user) can read the work dir's secret and nothing needs chmod;
 * - port 0: the manager binds the listen socket and keeps it across child restarts, so the port read once with
 *   `varnishadm debug.listen_address` stays valid after restart('cold') (verified; it is re-read anyway).
 * Actions: purgeAll / ban = `varnishadm ban req.url ~ ...`; purgeKeys = HTTP PURGE (generated VCL) or
 * `ban req.url == ...` (a user VCL may not handle PURGE); restart = `varnishadm stop` + `start` (only the cache
 * child restarts: storage empty, loaded VCLs kept); reloadConfig = vcl.load + vcl.use; stats = varnishstat -j.
 * A user's VCL is compiled from rewritten copies in the work dir (vcl-file-set.ts: backends and probes at the
 * origin, stampede's outcome subs first); a VCL whose backends have probes is used once they are healthy (a
 * backend starts sick until its first probe answers, Varnish's default `.initial`).
 */
import { writeFile } from 'node:fs/promises';
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
import type { ManagedProcess } from '../process/managed-process.js';
import { ProcessCacheLifecycle } from '../process/process-cache-lifecycle.js';
import { runCommand, type CommandResult } from '../process/run-command.js';
import type { ResolveChange } from '../registry.js';
import { runRestart } from '../restart.js';
import { dialableHost } from '../loopback.js';
import { HEALTH_PATH } from '@stampede/fake-backend';
import { banExactArgs, banRegexArgs, parseBackendHealth, parseListenPort, parseVarnishstat, parseVarnishVersion } from './varnish-cli.js';
import { mapToOriginals, writeUserVcl, type UserVclSet } from './vcl-file-set.js';
import { VARNISH_INSTALL as INSTALL, VARNISH_OPTIONS, type VarnishOptions } from './varnish-options.js';
import { outcomeVcl, renderVcl } from './varnish-vcl.js';

const CLI_TIMEOUT_MS = 10_000;

/** What the active VCL is: generated from these settings, or the user's file. */
type VclSource =
  | { kind: 'generated'; coalescing: boolean; grace: GraceSetting | undefined; ttlOverrideS: number | undefined }
  | { kind: 'file'; path: string };

export class VarnishCache implements CacheAdapter {
  readonly kind = 'varnish' as const;
  readonly capabilities: CacheCapabilities;
  readonly cacheHeader: string;
  readonly #options: VarnishOptions;
  readonly #resolveChange: ResolveChange;
  readonly #origin: { host: string; port: number };
  #vcl: VclSource;
  /** the user VCL's backends as they were before retargeting (undefined for the generated VCL) */
  #retargeted: UserVclSet['backends'] | undefined;
  /** rewritten copy -> user file, for varnishd's messages */
  readonly #originals = new Map<string, string>();
  #vclSerial = 0;
  #activeVclName = 'boot';
  #nameDir = '';
  #agent: Agent | undefined;
  readonly #life: ProcessCacheLifecycle;

  constructor(options: VarnishOptions, resolveChange: ResolveChange) {
    this.#options = options;
    this.#resolveChange = resolveChange;
    this.#life = new ProcessCacheLifecycle('varnish', options.workDir, {
      // Stopping the child first makes the manager exit in ~20 ms instead of ~2 s.
      beforeStop: async () => {
        await this.#cli(['stop'], 2_000).catch(() => undefined);
      },
      afterStop: async () => {
        await this.#agent?.close().catch(() => undefined);
        this.#agent = undefined;
      },
    });
    this.cacheHeader = options.cacheHeader;
    const origin = new URL(options.originUrl);
    this.#origin = { host: dialableHost(origin.hostname), port: origin.port === '' ? 80 : Number(origin.port) };
    this.#vcl =
      options.vclFile === undefined
        ? { kind: 'generated', coalescing: options.coalescing, grace: options.grace, ttlOverrideS: options.ttlOverrideS }
        : { kind: 'file', path: options.vclFile };
    this.capabilities = VARNISH_OPTIONS.capabilities(options);
  }

  config(): Record<string, unknown> {
    return {
      originUrl: this.#options.originUrl,
      cacheHeader: this.cacheHeader,
      storage: `malloc,${this.#options.maxSizeBytes}`,
      workDir: this.#life.workDirPath ?? this.#options.workDir ?? null,
      ...(this.#vcl.kind === 'generated'
        ? { vcl: 'generated', coalescing: this.#vcl.coalescing, grace: this.#vcl.grace ?? 'default', ttlOverrideS: this.#vcl.ttlOverrideS ?? null }
        : { vcl: this.#vcl.path, retargeted: this.#retargetedReport() }),
    };
  }

  start(): Promise<CacheEndpoint> {
    return this.#life.start(async (dir) => {
      this.#nameDir = join(dir, 'varnish');
      const written = await this.#writeVcl(this.#vcl);
      const o = this.#options;
      await this.#life.spawn(
        o.binaries.varnishd,
        [
          '-F',
          '-j', 'none',
          '-n', this.#nameDir,
          '-a', '127.0.0.1:0',
          '-f', written.path,
          '-s', `malloc,${o.maxSizeBytes}`,
          '-p', 'vsl_space=16m',
        ],
        { installCommand: INSTALL, cwd: dir },
      );
      const port = await this.#waitUntilServing(o.startTimeoutMs);
      await this.#waitUntilHealthy('boot', written.backends, o.startTimeoutMs, (reason, output) => new CacheStartError('varnish', reason, output));
      this.#retargeted = written.backends;
      return `http://127.0.0.1:${port}`;
    });
  }

  async purgeAll(): Promise<void> {
    await this.#admin('purgeAll', ['ban', 'req.url', '~', '.']);
  }

  async ban(pattern: string): Promise<void> {
    compileBanPattern(pattern);
    await this.#admin('ban', banRegexArgs(pattern));
  }

  async purgeKeys(paths: readonly string[]): Promise<void> {
    checkPurgePaths(paths);
    const url = this.#life.requireUrl();
    if (this.#vcl.kind === 'file') {
      for (const path of paths) await this.#admin('purgeKeys', banExactArgs(path));
      return;
    }
    this.#agent ??= new Agent({ keepAliveTimeout: 1_000 });
    for (const path of paths) {
      const res = await request(new URL(path, url), { method: 'PURGE' as 'GET', dispatcher: this.#agent });
      const body = await res.body.text();
      if (res.statusCode !== 200) throw new CacheActionError('varnish', 'purgeKeys', `PURGE ${path} answered ${res.statusCode}`, body);
    }
  }

  restart(mode: RestartMode, warm?: WarmPlan): Promise<RestartResult> {
    return runRestart(mode, warm, () => this.#life.requireUrl(), async () => {
      this.#life.requireUrl();
      // Only the cache child restarts: storage is emptied, the manager keeps the listen socket and loaded VCLs.
      await this.#admin('restart', ['stop']);
      await this.#admin('restart', ['start']);
      const port = await this.#waitUntilServing(this.#options.startTimeoutMs);
      this.#life.url = `http://127.0.0.1:${port}`;
    });
  }

  async reloadConfig(change: CacheConfigChange): Promise<void> {
    const c = this.#resolveChange(change);
    this.#life.requireUrl();
    const owned = VARNISH_OPTIONS.ownFile?.owns ?? [];
    let next: VclSource;
    if (c.vclFile !== undefined) {
      const settings = owned.filter((k) => c[k] !== undefined);
      if (settings.length > 0) {
        throw new CacheOptionsError(
          settings.map((k) => ({ path: k, message: `${k} cannot be combined with vclFile: set it in your VCL` })),
          'varnish cache config change',
        );
      }
      next = { kind: 'file', path: c.vclFile };
    } else if (this.#vcl.kind === 'file') {
      const settings = owned.filter((k) => c[k] !== undefined);
      if (settings.length > 0) {
        throw new CacheOptionsError(
          settings.map((k) => ({ path: k, message: `${k} is decided by your VCL (${(this.#vcl as { path: string }).path}): edit it and reload with vclFile` })),
          'varnish cache config change',
        );
      }
      next = this.#vcl; // reload the same file (it may have been edited)
    } else {
      next = {
        kind: 'generated',
        coalescing: c.coalescing ?? this.#vcl.coalescing,
        grace: c.grace ?? this.#vcl.grace,
        ttlOverrideS: c.ttlOverrideS === undefined ? this.#vcl.ttlOverrideS : (c.ttlOverrideS ?? undefined),
      };
    }
    const written = await this.#writeVcl(next);
    const name = `stampede_${this.#vclSerial}`;
    const loaded = await this.#cli(['vcl.load', name, written.path]);
    if (loaded.code !== 0) {
      const source = next.kind === 'file' ? next.path : written.path;
      throw new CacheActionError('varnish', 'reloadConfig', `vcl.load ${source} failed`, mapToOriginals(loaded.stdout + loaded.stderr, this.#originals));
    }
    // a loaded VCL is warm: its probes run, so its backends can turn healthy before it serves
    try {
      await this.#waitUntilHealthy(name, written.backends, this.#options.startTimeoutMs, (reason, output) =>
        new CacheActionError('varnish', 'reloadConfig', reason, output),
      );
    } catch (err) {
      await this.#cli(['vcl.discard', name]).catch(() => undefined); // the old VCL keeps serving
      throw err;
    }
    await this.#admin('reloadConfig', ['vcl.use', name]);
    this.#retargeted = written.backends;
    const previous = this.#activeVclName;
    this.#activeVclName = name;
    this.#vcl = next;
    // Old VCLs would stay warm (holding backend state) for vcl_cooldown; nothing needs them any more.
    await this.#cli(['vcl.discard', previous]).catch(() => undefined);
  }

  async stats(): Promise<Record<string, number>> {
    this.#life.requireUrl();
    const r = await runCommand(this.#options.binaries.varnishstat, ['-n', this.#nameDir, '-j', '-f', 'MAIN.*', '-f', 'SMA.*'], {
      timeoutMs: CLI_TIMEOUT_MS,
      installCommand: INSTALL,
    });
    if (r.code !== 0) throw new CacheActionError('varnish', 'stats', `varnishstat exited with ${r.code}`, r.stdout + r.stderr);
    return parseVarnishstat(r.stdout);
  }

  async version(): Promise<string> {
    const r = await runCommand(this.#options.binaries.varnishd, ['-V'], { timeoutMs: CLI_TIMEOUT_MS, installCommand: INSTALL });
    return parseVarnishVersion(r.stdout + r.stderr) ?? 'varnish/unknown';
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

  /**
   * The VCL for `source` in the work dir: the generated one in a new file, or the user's rewritten into a new
   * directory (vcl-file-set.ts). Returns the file to load and the retargeted backends (undefined when generated).
   */
  async #writeVcl(source: VclSource): Promise<{ path: string; backends: UserVclSet['backends'] | undefined }> {
    const dir = join(this.#life.dir, `vcl-${this.#vclSerial++}`);
    if (source.kind === 'generated') {
      const path = `${dir}.vcl`;
      await writeFile(path, renderVcl({ originHost: this.#origin.host, originPort: this.#origin.port, cacheHeader: this.cacheHeader, ...source }));
      return { path, backends: undefined };
    }
    const set = await writeUserVcl(source.path, dir, {
      originHost: this.#origin.host,
      originPort: this.#origin.port,
      healthPath: HEALTH_PATH,
      outcomeVcl: outcomeVcl(this.cacheHeader),
    });
    for (const [copy, original] of set.originals) this.#originals.set(copy, original);
    return { path: set.mainPath, backends: set.backends };
  }

  /** what report.json's cache.config says about the user VCL's backends */
  #retargetedReport(): Record<string, unknown>[] {
    const main = this.#vcl.kind === 'file' ? this.#vcl.path : undefined;
    return (this.#retargeted ?? []).map((b) => ({
      name: b.name,
      was: b.was,
      probe: b.probe,
      ...(b.file !== main ? { file: b.file } : {}),
      ...(b.dropped ? { dropped: b.dropped } : {}),
    }));
  }

  /**
   * Wait until every probed backend of VCL `vclName` is healthy (Varnish's default `.initial` starts a probed
   * backend sick until its first probe answers; requests meanwhile would get 503 without reaching the origin).
   */
  async #waitUntilHealthy(
    vclName: string,
    backends: UserVclSet['backends'] | undefined,
    timeoutMs: number,
    fail: (reason: string, output: string) => Error,
  ): Promise<void> {
    const probed = (backends ?? []).filter((b) => b.probe).map((b) => `${vclName}.${b.name}`);
    if (probed.length === 0) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.#cli(['backend.list', `${vclName}.*`]);
      const health = parseBackendHealth(r.stdout);
      const sick = probed.filter((n) => health.get(n) !== true);
      if (r.code === 0 && sick.length === 0) return;
      if (Date.now() > deadline) {
        return Promise.reject(
          fail(
            `backend${sick.length === 1 ? '' : 's'} ${sick.join(', ')} still sick after ${timeoutMs} ms: ` +
              `their probes, pointed at the origin's ${HEALTH_PATH}, get no 200 (check .timeout / .threshold in your VCL)`,
            r.stdout + r.stderr,
          ),
        );
      }
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  /** poll until the child serves (debug.listen_address answers); the listen port */
  async #waitUntilServing(timeoutMs: number): Promise<number> {
    const manager = this.#life.process as ManagedProcess;
    const deadline = Date.now() + timeoutMs;
    let last: CommandResult | undefined;
    for (;;) {
      if (manager.hasExited) {
        const { code, signal } = manager.exitStatus ?? { code: null, signal: null };
        throw new CacheStartError('varnish', `varnishd exited (${signal ?? `code ${code}`})`, mapToOriginals(manager.output(), this.#originals));
      }
      // varnishadm waits up to its -t timeout for a manager that is not there yet; a VCL that does not compile
      // makes varnishd exit within milliseconds, so stop waiting as soon as it does.
      const query = this.#cli(['debug.listen_address'], 2_000);
      query.catch(() => undefined); // its failure is seen through the race below, or does not matter any more
      const answer = await Promise.race([query, manager.exited.then(() => undefined)]);
      if (answer === undefined) continue;
      last = answer;
      const port = last.code === 0 ? parseListenPort(last.stdout) : undefined;
      if (port !== undefined) return port;
      if (Date.now() > deadline) {
        throw new CacheStartError(
          'varnish',
          `not serving after ${timeoutMs} ms (varnishadm said: ${(last.stdout + last.stderr).trim() || 'nothing'})`,
          mapToOriginals(manager.output(), this.#originals),
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  #cli(args: readonly string[], timeoutMs = CLI_TIMEOUT_MS): Promise<CommandResult> {
    return runCommand(this.#options.binaries.varnishadm, ['-n', this.#nameDir, '-t', String(Math.ceil(timeoutMs / 1000)), ...args], {
      timeoutMs: timeoutMs + 1_000,
      installCommand: INSTALL,
    });
  }

  /** a varnishadm command that must succeed */
  async #admin(action: string, args: readonly string[]): Promise<void> {
    this.#life.requireUrl();
    const r = await this.#cli(args);
    if (r.code !== 0) throw new CacheActionError('varnish', action, `varnishadm ${args.join(' ')} failed`, r.stdout + r.stderr);
  }
}
