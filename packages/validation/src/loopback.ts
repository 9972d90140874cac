/**
 * Loopback, the one rule for every package: stampede sends load only to this machine, the fake origin binds to it
 * and its admin API answers only peers on it, unless told otherwise.
 * Names (RFC 6761 §6.3): `localhost` and every `*.localhost`. Addresses: 127.0.0.0/8, ::1 and IPv4-mapped 127.x,
 * in the forms sockets report (`::ffff:127.0.0.1`) and WHATWG URL parsing leaves (`[::ffff:7f00:1]`).
 */
import { isIPv4, isIPv6 } from 'node:net';

/** `::ffff:<v4>` or `0:0:0:0:0:ffff:<v4>`, <v4> dotted or as two hex groups */
const V4_MAPPED = /^(?:::|(?:0{1,4}:){5})ffff:(.+)$/;
const HEX_PAIR = /^([0-9a-f]{1,4}):[0-9a-f]{1,4}$/;

/** True for 127.0.0.0/8, ::1 and IPv4-mapped 127.x, as found in `socket.remoteAddress`. A name is never an address. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (isIPv4(address)) return address.startsWith('127.');
  if (!isIPv6(address)) return false;
  const lower = address.toLowerCase();
  if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  const mapped = V4_MAPPED.exec(lower)?.[1];
  if (mapped === undefined) return false;
  if (isIPv4(mapped)) return mapped.startsWith('127.');
  const high = HEX_PAIR.exec(mapped)?.[1];
  return high !== undefined && Number.parseInt(high, 16) >> 8 === 127;
}

/**
 * True for a host that stays on this machine: a URL's hostname (IPv6 in brackets, a trailing dot) or a bind host;
 * `localhost`, `*.localhost` or a loopback address.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return bare === 'localhost' || bare.endsWith('.localhost') || isLoopbackAddress(bare);
}
