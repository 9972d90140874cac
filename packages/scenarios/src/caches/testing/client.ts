/**
 * Test client for the cache adapter tests: one request, or a burst of N truly concurrent ones (a dedicated
 * undici Agent with no connection limit, so none waits for a socket).
 */
import { Agent, request } from 'undici';

export interface Reply {
  status: number;
  /** the adapter's outcome header (lower-case name), '' when absent */
  cache: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

// A new connection per request (no keep-alive): a cache restart closes client connections, and a test must not
// trip over a pooled socket the cache just closed.
const agent = new Agent({ pipelining: 0 });

export async function get(baseUrl: string, path: string, cacheHeader: string, method = 'GET'): Promise<Reply> {
  const res = await request(new URL(path, baseUrl), { dispatcher: agent, method: method as 'GET' });
  const body = await res.body.text();
  const value = res.headers[cacheHeader];
  return { status: res.statusCode, cache: Array.isArray(value) ? (value[0] ?? '') : (value ?? ''), body, headers: res.headers };
}

/** N concurrent GETs; each on its own connection */
export async function burst(baseUrl: string, path: string, cacheHeader: string, n: number): Promise<Reply[]> {
  const burstAgent = new Agent({ keepAliveTimeout: 1_000 });
  try {
    return await Promise.all(
      Array.from({ length: n }, async () => {
        const res = await request(new URL(path, baseUrl), { dispatcher: burstAgent });
        const body = await res.body.text();
        const value = res.headers[cacheHeader];
        return { status: res.statusCode, cache: Array.isArray(value) ? (value[0] ?? '') : (value ?? ''), body, headers: res.headers };
      }),
    );
  } finally {
    await burstAgent.close();
  }
}

/** how many replies carry each outcome value, e.g. { HIT: 49, MISS: 1 } */
export function tally(replies: readonly Reply[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of replies) out[r.cache] = (out[r.cache] ?? 0) + 1;
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
