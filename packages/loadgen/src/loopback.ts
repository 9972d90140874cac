/**
 * Loopback detection for target URLs. stampede sends load only to this machine unless told otherwise.
 * Works on the hostname as WHATWG URL parsing leaves it (IPv6 in brackets, IPv4-mapped IPv6 in hex).
 */
import { isIPv4 } from 'node:net';

/** true for localhost (and *.localhost), 127.0.0.0/8, ::1 and IPv4-mapped 127.x addresses. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIPv4(host)) return host.startsWith('127.');
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  // IPv4-mapped IPv6: ::ffff:127.0.0.1 (the URL parser prints it as ::ffff:7f00:1)
  const mapped = /^(?:0:0:0:0:0:|::)ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) return (Number.parseInt(mapped[1] ?? '0', 16) >> 8) === 127;
  const mappedDotted = /^(?:0:0:0:0:0:|::)ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mappedDotted) return (mappedDotted[1] ?? '').startsWith('127.');
  return false;
}
