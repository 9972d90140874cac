/**
 * The user's own cache (a CDN edge on this machine, a Varnish they run, a service mesh sidecar...). stampede
 * does not start or stop it: start() only checks that something accepts connections at `url`. Each action is
 * available when the user configured it (options.actions), which is what `capabilities` reports, so a scenario
 * needing a purge fails up front with the flag to pass (requireCapability). No native stats.
 */
import { connect } from 'node:net';
import { Agent } from 'undici';
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
import { CacheStartError, UnsupportedCapabilityError } from '../errors.js';
import type { ResolveChange } from '../registry.js';
import { runRestart } from '../restart.js';
import { runExternalAction, type ActionArguments } from './external-action.js';
import { EXTERNAL_OPTIONS, type ExternalAction, type ExternalOptions } from './external-options.js';

export class ExternalCache implements CacheAdapter {
  readonly kind = 'external' as const;
  readonly capabilities: CacheCapabilities;
  readonly cacheHeader: string;
  readonly #options: ExternalOptions;
  readonly #resolveChange: ResolveChange;
  readonly #agent = new Agent({ keepAliveTimeout: 1_000 });
  #started = false;

  constructor(options: ExternalOptions, resolveChange: ResolveChange) {
    this.#options = options;
    this.#resolveChange = resolveChange;
    this.cacheHeader = options.cacheHeader;
    this.capabilities = EXTERNAL_OPTIONS.capabilities(options);
  }

  config(): Record<string, unknown> {
    return {
      url: this.#options.url,
      originUrl: this.#options.originUrl ?? null,
      cacheHeader: this.cacheHeader,
      actions: Object.fromEntries(Object.entries(this.#options.actions).map(([k, v]) => [k, describeAction(v)])),
    };
  }

  async start(): Promise<CacheEndpoint> {
    await this.#waitReachable('start');
    this.#started = true;
    return { url: this.#options.url };
  }

  purgeAll(): Promise<void> {
    return this.#run('purgeAll', 'purgeAll', {});
  }

  async ban(pattern: string): Promise<void> {
    compileBanPattern(pattern);
    await this.#run('ban', 'ban', { pattern });
  }

  async purgeKeys(paths: readonly string[]): Promise<void> {
    checkPurgePaths(paths);
    for (const path of paths) await this.#run('purgeKeys', 'purgeKey', { path });
  }

  restart(mode: RestartMode, warm?: WarmPlan): Promise<RestartResult> {
    return runRestart(mode, warm, () => this.#options.url, async () => {
      await this.#run('restartCold', 'restart', {});
      await this.#waitReachable('restart');
    });
  }

  async reloadConfig(change: CacheConfigChange): Promise<void> {
    const c = this.#resolveChange(change);
    await this.#run('reloadConfig', 'reloadConfig', { change: JSON.stringify(c) });
  }

  async stats(): Promise<Record<string, number>> {
    return {};
  }

  async version(): Promise<string> {
    return 'external';
  }

  async stop(): Promise<void> {
    this.#started = false;
    await this.#agent.close().catch(() => undefined);
  }

  pids(): number[] {
    return [];
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #run(capability: keyof CacheCapabilities, actionName: keyof ExternalOptions['actions'], args: ActionArguments): Promise<void> {
    const action = this.#options.actions[actionName];
    if (action === undefined) {
      throw new UnsupportedCapabilityError(`the external cache has no ${actionName} action configured (options.actions.${actionName})`, capability, 'external');
    }
    if (!this.#started) throw new Error('external cache: call start() first');
    await runExternalAction(actionName, action, args, { cacheUrl: this.#options.url, agent: this.#agent });
  }

  /** something accepts TCP connections at the cache URL, within startTimeoutMs */
  async #waitReachable(when: string): Promise<void> {
    const u = new URL(this.#options.url);
    const port = u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : Number(u.port);
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    const deadline = Date.now() + this.#options.startTimeoutMs;
    let lastError = '';
    for (;;) {
      const err = await new Promise<Error | undefined>((resolve) => {
        const socket = connect({ host, port });
        socket.setTimeout(2_000, () => socket.destroy(new Error('connect timed out')));
        socket.once('connect', () => {
          socket.destroy();
          resolve(undefined);
        });
        socket.once('error', resolve);
      });
      if (err === undefined) return;
      lastError = err.message;
      if (Date.now() > deadline) {
        throw new CacheStartError(
          'external',
          `nothing accepts connections at ${this.#options.url} ${when === 'start' ? '(start your cache first' : '(after the restart action'}; ${lastError})`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function describeAction(a: ExternalAction): string {
  return 'command' in a ? `command: ${a.command}` : `${a.method ?? 'POST'} ${a.url}`;
}
