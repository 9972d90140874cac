/**
 * A non-negative int32 per key (the load's 0-based key index), or -1 when unset: the cache model's "fetch in flight
 * for this key" maps (coalescing, background refresh) without hashing. Values are kept + 1 so that a fresh, zeroed
 * allocation needs no fill. Grows to the highest key seen; `clear` is a fill.
 */
const NONE = -1;

export class KeySlots {
  #slots: Int32Array<ArrayBuffer>;

  /** `keys`: the key space when known, allocated once */
  constructor(keys = 0) {
    this.#slots = new Int32Array(Math.max(keys, 1024));
  }

  /** the value for `key`, -1 when unset */
  get(key: number): number {
    return key < this.#slots.length ? (this.#slots[key] as number) - 1 : NONE;
  }

  set(key: number, value: number): void {
    if (key >= this.#slots.length) {
      const grown = new Int32Array(Math.max(key + 1, 2 * this.#slots.length));
      grown.set(this.#slots);
      this.#slots = grown;
    }
    this.#slots[key] = value + 1;
  }

  /** unsets `key` if it holds `value` */
  clearIf(key: number, value: number): void {
    if (key < this.#slots.length && this.#slots[key] === value + 1) this.#slots[key] = 0;
  }

  clear(): void {
    this.#slots.fill(0);
  }
}
