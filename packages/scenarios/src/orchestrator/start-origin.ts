import { startBackend, type Backend, type BackendOptionsInput } from '@stampede/fake-backend';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { stripUndefined } from './strip-undefined.js';

/**
 * The capacity-limited fake origin the scenario describes, on 127.0.0.1 and a free port; or at `listen` (a cache
 * under test elsewhere, e.g. in a cluster, fetches from it: a non-loopback host only with `allowRemote`).
 */
export function startOrigin(
  spec: ScenarioSpec,
  intervalMs: number,
  listen?: { host: string; port: number },
  allowRemote = false,
): Promise<Backend> {
  return startBackend({ ...originOptions(spec, intervalMs), ...(listen ? { host: listen.host, port: listen.port, allowRemote } : {}) });
}

/** The origin options a run starts its fake origin with (the simulator resolves its origin from the same). */
export function originOptions(spec: ScenarioSpec, intervalMs: number): BackendOptionsInput {
  const o = spec.origin;
  return {
    ...stripUndefined({
      concurrency: o.concurrency,
      queue: o.queue,
      queueTimeoutMs: o.queueTimeoutMs,
      serviceTime: o.serviceTime,
      contention: o.contention,
      ttlS: o.ttlS,
      staleWhileRevalidateS: o.staleWhileRevalidateS,
      ttlJitterPct: o.ttlJitterPct,
      bodyBytes: o.bodyBytes,
      serveAbandoned: o.serveAbandoned,
    }),
    seed: spec.load.seed,
    intervalMs,
  };
}
