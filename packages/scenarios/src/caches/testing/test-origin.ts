/**
 * A tiny origin for the cache adapter tests (not the product's fake backend): node:http on 127.0.0.1:0 that
 * counts arrivals per URL, answers `Cache-Control: public, max-age=N[, stale-while-revalidate=M]` after an
 * optional delay, with a body naming the URL and its arrival number (so a test can tell a stale copy from a
 * fresh one). Settings can change between requests.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestOriginSettings {
  maxAgeS: number;
  /** 0 = no stale-while-revalidate directive */
  swrS: number;
  delayMs: number;
}

export interface TestOrigin extends AsyncDisposable {
  readonly url: string;
  /** arrivals for this URL (path + query) */
  count(url: string): number;
  total(): number;
  /** most requests in flight at once, since the last reset */
  peakInFlight(): number;
  configure(settings: Partial<TestOriginSettings>): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startTestOrigin(initial: Partial<TestOriginSettings> = {}): Promise<TestOrigin> {
  const settings: TestOriginSettings = { maxAgeS: 60, swrS: 0, delayMs: 0, ...initial };
  const counts = new Map<string, number>();
  let inFlight = 0;
  let peak = 0;
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const n = (counts.get(url) ?? 0) + 1;
    counts.set(url, n);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    const { maxAgeS, swrS, delayMs } = settings;
    const answer = () => {
      inFlight -= 1;
      const body = `origin ${url} #${n}\n`;
      res.writeHead(200, {
        'content-type': 'text/plain',
        'content-length': Buffer.byteLength(body),
        'cache-control': `public, max-age=${maxAgeS}${swrS > 0 ? `, stale-while-revalidate=${swrS}` : ''}`,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    req.resume();
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  server.keepAliveTimeout = 30_000;
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    count: (url) => counts.get(url) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    peakInFlight: () => peak,
    configure: (next) => Object.assign(settings, next),
    reset: () => {
      counts.clear();
      peak = inFlight;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
