/**
 * Header lookup in undici's raw response headers ([name, value, name, value, ...] as Buffers), without
 * parsing them into an object: one length check per header, bytes compared only on equal length.
 */

/** Lower-case ASCII bytes of a header name, for findRawHeader. */
export function headerNameBytes(name: string): Uint8Array {
  return Buffer.from(name.toLowerCase(), 'latin1');
}

/** The value of the first header named `lowerName` (case-insensitive), or undefined. */
export function findRawHeader(raw: readonly Uint8Array[], lowerName: Uint8Array): Uint8Array | undefined {
  const len = lowerName.length;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as Uint8Array;
    if (name.length !== len) continue;
    let j = 0;
    for (; j < len; j++) {
      let c = name[j] as number;
      if (c >= 65 && c <= 90) c += 32;
      if (c !== lowerName[j]) break;
    }
    if (j === len) return raw[i + 1];
  }
  return undefined;
}
