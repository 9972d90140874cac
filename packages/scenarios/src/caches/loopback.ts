/**
 * Loopback rules for cache and origin URLs: the one rule every package uses (@stampede/validation), plus the
 * address a cache should dial.
 */
export { isLoopbackHost } from '@stampede/validation';

/**
 * The address a cache should dial for an origin host: `localhost` as 127.0.0.1 (the fake origin listens there;
 * nginx would otherwise add ::1 as a second upstream server and Varnish resolve it at VCL compile time).
 */
export function dialableHost(hostname: string): string {
  return hostname.toLowerCase() === 'localhost' ? '127.0.0.1' : hostname;
}
