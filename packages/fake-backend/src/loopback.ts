/**
 * Loopback predicates. The origin and admin servers bind to loopback unless told otherwise, and the admin
 * API answers loopback peers only (a config endpoint must not be reachable from the network).
 */
import { isIPv4, isIPv6 } from 'node:net';

/** `::ffff:a.b.c.d` or `0:0:0:0:0:ffff:a.b.c.d` */
const V4_MAPPED = /^(?:::|(?:0{1,4}:){5})ffff:(.+)$/;

/** True for 127.0.0.0/8, ::1 and IPv4-mapped 127.x (`::ffff:127.0.0.1`), as found in `socket.remoteAddress`. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (isIPv4(address)) return address.startsWith('127.');
  if (!isIPv6(address)) return false;
  const lower = address.toLowerCase();
  if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  const mapped = V4_MAPPED.exec(lower)?.[1];
  return mapped !== undefined && isIPv4(mapped) && mapped.startsWith('127.');
}

/** A bind host that stays on this machine: a loopback address or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host);
}
