/**
 * The shell: validates options, starts the origin server and the admin server (each on its own port, both
 * node:http) and hands back a handle to drive and stop them.
 */
import { createServer, type Server } from 'node:http';
import { isLoopbackHost } from '@stampede/validation';
import { createAdminHandler, type AdminTarget } from './admin.js';
import { systemClock } from './clock.js';
import { closeServer, httpUrl, listen } from './listen.js';
import {
  validateBackendOptions,
  validatePauseRequest,
  type BackendOptions,
  type BackendOptionsInput,
  type RuntimeConfig,
} from './options.js';
import { Origin } from './origin.js';
import type { BackendStats } from './stats.js';

/** A running fake origin. */
export interface Backend extends AsyncDisposable {
  /** origin base URL, e.g. `http://127.0.0.1:40123` (no trailing slash); items are at `${url}/items/<key>` */
  readonly url: string;
  /** admin API base URL (loopback only) */
  readonly adminUrl: string;
  /** counters, series, live state and current config */
  stats(): BackendStats;
  /** current (frozen) config */
  config(): BackendOptions;
  /**
   * Change settings at run time; returns the new config. Raising `concurrency` starts waiters at once.
   * @throws BackendOptionsError naming each bad field (nothing is applied then)
   */
  configure(patch: RuntimeConfig): BackendOptions;
  /** zero counters and series; config and requests in progress are untouched */
  reset(): void;
  /** freeze: nothing starts or completes until resume() or `ms` later; waiters still time out */
  pause(ms?: number): void;
  resume(): void;
  /**
   * The origin goes away: its port stops accepting (connections are refused) and open connections are dropped,
   * requests in progress get no response. The admin API stays up. Idempotent.
   */
  down(): Promise<void>;
  /** The origin listens again on the same port. Idempotent. */
  up(): Promise<void>;
  /** stop both servers and drop their connections (requests in progress get no response). Idempotent. */
  close(): Promise<void>;
}

/**
 * Start the fake origin and its admin server.
 * @throws BackendOptionsError on bad options, PortInUseError when `port` or `adminPort` is taken
 */
export async function startBackend(options?: BackendOptionsInput): Promise<Backend> {
  const config = validateBackendOptions(options ?? {});
  const origin = new Origin({ config, clock: systemClock });

  const target: AdminTarget = {
    stats: () => origin.stats(),
    config: () => origin.config,
    configure: (patch) => origin.configure(patch),
    reset: () => origin.reset(),
    pause: (ms) => origin.pause(ms),
    resume: () => origin.resume(),
    pauseState: () => ({ paused: origin.paused, resumeAt: origin.resumeAt ?? null }),
  };

  const originServer = createServer({ noDelay: true }, origin.handle);
  const adminServer = createServer({ noDelay: true }, createAdminHandler(target));
  const servers: Server[] = [];
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      origin.close();
      await Promise.all(servers.map(closeServer));
    })();
    return closing;
  };

  try {
    servers.push(originServer);
    const originAddress = await listen(originServer, config.host, config.port, 'port');
    // The admin API never leaves the machine, even when the origin is exposed with allowRemote.
    const adminHost = isLoopbackHost(config.host) ? config.host : '127.0.0.1';
    servers.push(adminServer);
    const adminAddress = await listen(adminServer, adminHost, config.adminPort, 'adminPort');
    let isDown = false;
    const down = async (): Promise<void> => {
      if (isDown || closing) return;
      isDown = true;
      await closeServer(originServer);
    };
    const up = async (): Promise<void> => {
      if (!isDown || closing) return;
      await listen(originServer, config.host, originAddress.port, 'port');
      isDown = false;
    };
    return {
      url: httpUrl(originAddress),
      adminUrl: httpUrl(adminAddress),
      stats: target.stats,
      config: target.config,
      configure: (patch) => origin.configure(patch),
      reset: target.reset,
      pause: (ms) => origin.pause(validatePauseRequest(ms === undefined ? {} : { ms }).ms),
      resume: target.resume,
      down,
      up,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
