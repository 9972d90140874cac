/**
 * Warm a cache after a restart: fetch the given paths through it, `ratePerS` per second (open model: the i-th
 * request starts at i / ratePerS s whether or not earlier ones finished), and wait for all of them.
 * A 5xx or a connection error counts as failed; the origin being overloaded while warming is part of the
 * experiment, so failures are reported, not thrown.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';

export interface WarmOutcome {
  warmed: number;
  failed: number;
}

export async function warmPaths(
  baseUrl: string,
  paths: readonly string[],
  ratePerS: number,
  options: {
    /** fetch through this dispatcher (e.g. a cache chain not yet serving clients) instead of an HTTP client of our own */
    via?: Dispatcher;
    /** aborting it starts no further request and abandons those in flight on our own client (they count as failed) */
    signal?: AbortSignal;
  } = {},
): Promise<WarmOutcome> {
  const { via, signal } = options;
  if (paths.length === 0) return { warmed: 0, failed: 0 };
  const own = via === undefined ? new Agent({ keepAliveTimeout: 1_000, connections: 64 }) : undefined;
  const agent: Dispatcher = via ?? (own as Agent);
  const startMs = performance.now();
  const outcome: WarmOutcome = { warmed: 0, failed: 0 };
  const fetchOne = async (path: string) => {
    try {
      const res = await request(new URL(path, baseUrl), {
        dispatcher: agent,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      await res.body.dump();
      if (res.statusCode >= 500) outcome.failed += 1;
      else outcome.warmed += 1;
    } catch {
      outcome.failed += 1;
    }
  };
  // an abort abandons the requests in flight on our own client (one listener, not one per request)
  const abandon = (): void => void own?.destroy().catch(() => undefined);
  signal?.addEventListener('abort', abandon, { once: true });
  try {
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < paths.length && !signal?.aborted; i++) {
      const dueMs = startMs + (i * 1000) / ratePerS;
      const waitMs = dueMs - performance.now();
      if (waitMs > 1) await sleep(waitMs, undefined, signal ? { signal } : {}).catch(() => undefined);
      if (signal?.aborted) break;
      inFlight.push(fetchOne(paths[i] as string));
    }
    await Promise.all(inFlight);
  } finally {
    signal?.removeEventListener('abort', abandon);
    if (!own?.destroyed) await own?.close();
  }
  return outcome;
}
