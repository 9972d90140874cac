/**
 * Deterministic item bodies (pure): the same key, content version and size always give the same bytes, on any
 * machine and for any seed, so a cache serving stale or mixed content is detectable byte for byte.
 * Layout: `<key> v<version>\n` followed by printable filler from a PRNG seeded with a hash of key and version,
 * truncated to exactly `bodyBytes`.
 */
import { seededRng } from './seeded-rng.js';

const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 'latin1');

export function contentBody(key: string, contentVersion: number, bodyBytes: number): Buffer {
  const buf = Buffer.alloc(bodyBytes);
  let i = buf.write(`${key} v${contentVersion}\n`, 0, 'utf8');
  const rng = seededRng(fnv1a32(`${key}\u0000${contentVersion}`));
  while (i < bodyBytes) {
    // Four 6-bit characters per 32-bit draw (the top bits of the draw).
    const r = Math.floor(rng() * 4294967296);
    for (let shift = 26; shift >= 8 && i < bodyBytes; shift -= 6) buf[i++] = ALPHABET[(r >>> shift) & 63] as number;
  }
  return buf;
}

/** FNV-1a, 32-bit, over UTF-16 code units. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
