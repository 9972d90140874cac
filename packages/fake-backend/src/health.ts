/**
 * The origin's health path: what a cache's health probe (Varnish `.probe`, an nginx or load-balancer check) asks.
 * It is answered 200 at once, outside the service slots and the queue, and counted as a probe, never as an
 * arrival: origin arrivals stay equal to the cache's backend fetches (Varnish MAIN.backend_req) however often the
 * cache probes. It says the origin is reachable, not that it has capacity (a paused or saturated origin still
 * answers it), as the cheap health endpoints of real app servers do.
 */
export const HEALTH_PATH = '/__stampede/health';

const BODY = Buffer.from('ok\n');

/** Headers for the health answer, built once. */
export const HEALTH_HEADERS: readonly string[] = Object.freeze([
  'Cache-Control', 'no-store',
  'Content-Type', 'text/plain; charset=utf-8',
  'Content-Length', String(BODY.length),
]);

export const HEALTH_BODY: Buffer = BODY;

/** true for the health path, with or without a query string (any method: probes may send HEAD) */
export function isHealthRequest(url: string | undefined): boolean {
  if (url === undefined || !url.startsWith(HEALTH_PATH)) return false;
  return url.length === HEALTH_PATH.length || url[HEALTH_PATH.length] === '?';
}
