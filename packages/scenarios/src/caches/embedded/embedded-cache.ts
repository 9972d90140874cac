/**
 * The zero-install cache: a node:http reverse proxy on 127.0.0.1:0 whose upstream is an undici Agent composed
 * with (outermost first)
 *   cache({ store: BoundedCacheStore, type: 'shared' })   RFC 9111 shared cache, stale-while-revalidate
 *   deduplicate()                                          request coalescing; left out when coalescing is off
 *   freshnessPolicy                                        TTL override / grace / Date (see freshness-policy.ts)
 *   originTap                                              counts origin fetches, tells MISS from HIT
 * Without deduplicate() undici's cache does not coalesce at all: N concurrent misses are N origin fetches, and
 * N stale hits fire N background revalidations (NOTES-caches.md); with it, 1.
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, interceptors, type Dispatcher } from 'undici';
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
import type { ResolveChange } from '../registry.js';
import { checkRestartRequest, runRestart } from '../restart.js';
import { warmPaths } from '../warm.js';
import { BoundedCacheStore } from './bounded-store.js';
import { emptyEmbeddedCounters, type EmbeddedCounters } from './counters.js';
import { freshnessPolicy, type FreshnessPolicy } from './freshness-policy.js';
import { EMBEDDED_OPTIONS, type EmbeddedOptions } from './embedded-options.js';
import { createProxyServer } from './http-proxy.js';
import { originTap } from './origin-tap.js';

interface RuntimeSettings {
  coalescing: boolean;
  grace: GraceSetting | undefined;
  ttlOverrideS: number | undefined;
  maxCount: number;
  maxSizeBytes: number;
}

export class EmbeddedCache implements CacheAdapter {
  readonly kind = 'embedded' as const;
  readonly capabilities: CacheCapabilities;
  readonly cacheHeader: string;
  readonly #options: EmbeddedOptions;
  readonly #resolveChange: ResolveChange;
  #settings: RuntimeSettings;
  readonly #counters: EmbeddedCounters = emptyEmbeddedCounters();
  #store: BoundedCacheStore;
  #agent: Agent | undefined;
  /** agents replaced by a restart, still finishing their in-flight requests */
  readonly #retiredAgents = new Set<Agent>();
  #dispatcher: Dispatcher | undefined;
  #server: Server | undefined;
  #url: string | undefined;
  #stopped = false;

  constructor(options: EmbeddedOptions, resolveChange: ResolveChange) {
    this.#options = options;
    this.#resolveChange = resolveChange;
    this.capabilities = EMBEDDED_OPTIONS.capabilities({});
    this.cacheHeader = options.cacheHeader;
    this.#settings = {
      coalescing: options.coalescing,
      grace: options.grace,
      ttlOverrideS: options.ttlOverrideS,
      maxCount: options.maxCount,
      maxSizeBytes: options.maxSizeBytes,
    };
    this.#store = this.#newStore();
  }

  #newStore(): BoundedCacheStore {
    return new BoundedCacheStore({
      maxCount: this.#settings.maxCount,
      maxSizeBytes: this.#settings.maxSizeBytes,
      maxEntrySizeBytes: this.#options.maxEntrySizeBytes,
    });
  }

  config(): Record<string, unknown> {
    return {
      originUrl: this.#options.originUrl,
      cacheHeader: this.cacheHeader,
      maxEntrySizeBytes: this.#options.maxEntrySizeBytes,
      ...this.#settings,
      grace: this.#settings.grace ?? 'origin',
      ttlOverrideS: this.#settings.ttlOverrideS ?? null,
    };
  }

  async start(): Promise<CacheEndpoint> {
    if (this.#url !== undefined) return { url: this.#url };
    if (this.#stopped) throw new Error('embedded cache: start() after stop()');
    this.#agent = newAgent();
    this.#dispatcher = this.#compose(this.#agent);
    const server = createProxyServer({
      originUrl: this.#options.originUrl,
      cacheHeader: this.cacheHeader,
      dispatcher: () => this.#dispatcher as Dispatcher,
      counters: this.#counters,
    });
    server.listen({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    this.#server = server;
    const { port } = server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}`;
    return { url: this.#url };
  }

  async purgeAll(): Promise<void> {
    this.#store.clear();
    this.#counters.purges += 1;
  }

  async ban(pattern: string): Promise<void> {
    const regex = compileBanPattern(pattern);
    this.#counters.banned += this.#store.deleteMatching(regex);
    this.#counters.bans += 1;
  }

  async purgeKeys(paths: readonly string[]): Promise<void> {
    checkPurgePaths(paths);
    this.#counters.banned += this.#store.deletePaths(paths);
  }

  restart(mode: RestartMode, warm?: WarmPlan): Promise<RestartResult> {
    if (mode === 'warm') return this.#restartWarm(warm);
    return runRestart(mode, warm, () => this.#requireUrl(), async () => {
      this.#requireUrl();
      // What a process restart loses: every object, pending coalesced fetches, pooled origin connections and the
      // clients' idle keep-alive connections. The listening socket stays (like Varnish's manager keeps it).
      this.#store.clear();
      const old = this.#agent;
      this.#agent = newAgent();
      this.#dispatcher = this.#compose(this.#agent);
      if (old !== undefined) {
        this.#retiredAgents.add(old);
        old.close().finally(() => this.#retiredAgents.delete(old));
      }
      this.#server?.closeIdleConnections();
      this.#counters.restarts += 1;
    });
  }

  async reloadConfig(change: CacheConfigChange): Promise<void> {
    const c = this.#resolveChange(change);
    const next: RuntimeSettings = { ...this.#settings };
    if (c.coalescing !== undefined) next.coalescing = c.coalescing;
    if (c.grace !== undefined) next.grace = c.grace;
    if (c.ttlOverrideS !== undefined) next.ttlOverrideS = c.ttlOverrideS ?? undefined;
    if (c.maxCount !== undefined) next.maxCount = c.maxCount;
    if (c.maxSizeBytes !== undefined) next.maxSizeBytes = c.maxSizeBytes;
    this.#settings = next;
    this.#store.setLimits({ maxCount: next.maxCount, maxSizeBytes: next.maxSizeBytes });
    // A new chain (new deduplicate() state) over the same store and agent: in-flight requests finish on the old one.
    if (this.#agent !== undefined) this.#dispatcher = this.#compose(this.#agent);
    this.#counters.reloads += 1;
  }

  async stats(): Promise<Record<string, number>> {
    return { ...this.#counters, ...this.#store.counters() };
  }

  async version(): Promise<string> {
    return `undici/${undiciVersion()}`;
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const server = this.#server;
    this.#server = undefined;
    this.#url = undefined;
    if (server !== undefined) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    const agents = [this.#agent, ...this.#retiredAgents].filter((a): a is Agent => a !== undefined);
    this.#agent = undefined;
    this.#dispatcher = undefined;
    await Promise.all(agents.map((a) => a.destroy().catch(() => {})));
    this.#store.clear();
  }

  pids(): number[] {
    return [];
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /**
   * Blue/green, as a warmed node joins its load balancer: a new, empty instance (store, origin connections) is
   * warmed with the hot set while the old one keeps serving, then takes the traffic. Clients never meet an empty
   * cache; the origin sees the warm-up at its rate.
   */
  async #restartWarm(warm: WarmPlan | undefined): Promise<RestartResult> {
    checkRestartRequest('warm', warm);
    this.#requireUrl();
    const t0 = performance.now();
    const store = this.#newStore();
    const agent = newAgent();
    const dispatcher = this.#compose(agent, store);
    const outcome = await warmPaths(this.#options.originUrl, warm!.paths, warm!.ratePerS, { via: dispatcher });
    const swapAt = performance.now();
    const old = this.#agent;
    this.#store = store;
    this.#agent = agent;
    this.#dispatcher = dispatcher;
    if (old !== undefined) {
      this.#retiredAgents.add(old);
      old.close().finally(() => this.#retiredAgents.delete(old));
    }
    this.#counters.restarts += 1;
    return {
      mode: 'warm',
      restartMs: performance.now() - swapAt,
      warmed: outcome.warmed,
      warmFailed: outcome.failed,
      durationMs: performance.now() - t0,
      underLiveTraffic: false,
    };
  }

  #compose(agent: Agent, store: BoundedCacheStore = this.#store): Dispatcher {
    const policy = (): FreshnessPolicy => ({ ttlOverrideS: this.#settings.ttlOverrideS, grace: this.#settings.grace });
    const chain: Dispatcher.DispatcherComposeInterceptor[] = [originTap(this.#counters), freshnessPolicy(policy)];
    if (this.#settings.coalescing) chain.push(interceptors.deduplicate());
    chain.push(interceptors.cache({ store, type: 'shared', methods: ['GET'] }));
    return agent.compose(chain);
  }

  #requireUrl(): string {
    if (this.#url === undefined) throw new Error('embedded cache is not running: call start() first');
    return this.#url;
  }
}

function newAgent(): Agent {
  return new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 5_000 } });
}

let cachedVersion: string | undefined;
function undiciVersion(): string {
  if (cachedVersion === undefined) {
    const require = createRequire(import.meta.url);
    cachedVersion = (require('undici/package.json') as { version: string }).version;
  }
  return cachedVersion;
}
