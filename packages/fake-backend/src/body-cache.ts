/**
 * Generated bodies, kept so a hot key costs one generation rather than one per response. Bounded by total bytes;
 * the least recently used entries go first (a Map iterates in insertion order and a hit re-inserts).
 */
import { contentBody } from './content-body.js';

export class BodyCache {
  readonly maxBytes: number;
  #entries = new Map<string, Buffer>();
  #bytes = 0;

  constructor(maxBytes = 32 * 1024 * 1024) {
    this.maxBytes = maxBytes;
  }

  get(key: string, contentVersion: number, bodyBytes: number): Buffer {
    const id = `${bodyBytes}:${contentVersion}:${key}`;
    const hit = this.#entries.get(id);
    if (hit !== undefined) {
      this.#entries.delete(id);
      this.#entries.set(id, hit);
      return hit;
    }
    const body = contentBody(key, contentVersion, bodyBytes);
    if (bodyBytes > this.maxBytes) return body;
    this.#entries.set(id, body);
    this.#bytes += bodyBytes;
    for (const [oldId, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldId);
      this.#bytes -= old.length;
    }
    return body;
  }

  get size(): number {
    return this.#entries.size;
  }
}
