/**
 * The cache model's stored objects, in typed arrays indexed by key (the load's 0-based key index), so a lookup is
 * two array reads, not a hash lookup and an object per key: at 10M keys a Map of objects costs seconds of hashing
 * and garbage collection per simulated minute. Memory is 24 bytes per key up to the highest key seen (the load's
 * key count at most: 240 MB at the 10M limit), plus 8 more once a count limit is set; it does not grow with the
 * rate or the run's length.
 *
 * Recency: every touch stamps the key with an increasing counter, so least-recently-used order is exact without a
 * list while nothing is bounded. When a count limit is set (a cache option or a reload), the stored keys are sorted
 * by stamp once into an intrusive doubly linked list (Int32Array links), kept in order from then on at O(1) per
 * touch; eviction takes its head.
 */

const NONE = -1;

export class KeyStore {
  /** `keys`: the key space when known (the load's key count): the arrays are allocated once at that size */
  constructor(keys = 0) {
    if (keys > 0) this.#grow(keys);
  }

  /** freshUntil + 1 per key; 0: not stored (so a fresh allocation, all zeros, needs no fill) */
  #fresh = new Float64Array(0);
  #stale = new Float64Array(0);
  #stamp = new Float64Array(0);
  #tick = 0;
  #size = 0;
  // the LRU list, once a limit is set
  #older: Int32Array | undefined;
  #newer: Int32Array | undefined;
  #lru = NONE;
  #mru = NONE;
  #maxCount: number | undefined;
  evictions = 0;

  get size(): number {
    return this.#size;
  }

  /** freshUntil of `key`, or -1 when it is not stored */
  freshUntil(key: number): number {
    return key < this.#fresh.length ? (this.#fresh[key] as number) - 1 : NONE;
  }

  staleUntil(key: number): number {
    return this.#stale[key] as number;
  }

  has(key: number): boolean {
    return key < this.#fresh.length && (this.#fresh[key] as number) > 0;
  }

  /** marks `key` (stored) as just used */
  touch(key: number): void {
    if (this.#older === undefined) this.#stamp[key] = ++this.#tick;
    else if (key !== this.#mru) {
      this.#unlink(key);
      this.#append(key);
    }
  }

  /** stores (or refreshes) `key`, as just used; then evicts beyond the count limit */
  put(key: number, freshUntil: number, staleUntil: number): void {
    if (key >= this.#fresh.length) this.#grow(key + 1);
    const isNew = this.#fresh[key] === 0;
    this.#fresh[key] = freshUntil + 1;
    this.#stale[key] = staleUntil;
    if (isNew) {
      this.#size++;
      if (this.#older === undefined) this.#stamp[key] = ++this.#tick;
      else this.#append(key);
      this.#enforce();
    } else this.touch(key);
  }

  remove(key: number): void {
    if (!this.has(key)) return;
    this.#fresh[key] = 0;
    this.#size--;
    if (this.#older !== undefined) this.#unlink(key);
  }

  clear(): void {
    this.#fresh.fill(0);
    this.#size = 0;
    this.#lru = NONE;
    this.#mru = NONE;
  }

  /** the stored keys, ascending (a scan of the key space: for rare actions such as a ban) */
  storedKeys(): number[] {
    const out: number[] = [];
    const fresh = this.#fresh;
    for (let k = 0; k < fresh.length; k++) if ((fresh[k] as number) > 0) out.push(k);
    return out;
  }

  /** bounds the count from now on (evicting the least recently used at once) */
  setMaxCount(maxCount: number): void {
    this.#maxCount = maxCount;
    if (this.#older === undefined) this.#buildList();
    this.#enforce();
  }

  #enforce(): void {
    const max = this.#maxCount;
    if (max === undefined) return;
    while (this.#size > max && this.#lru !== NONE) {
      this.remove(this.#lru);
      this.evictions++;
    }
  }

  #buildList(): void {
    const n = this.#fresh.length;
    this.#older = new Int32Array(n).fill(NONE);
    this.#newer = new Int32Array(n).fill(NONE);
    const stamp = this.#stamp;
    const keys = this.storedKeys().sort((a, b) => (stamp[a] as number) - (stamp[b] as number));
    for (const k of keys) this.#append(k);
  }

  #append(key: number): void {
    const older = this.#older as Int32Array;
    const newer = this.#newer as Int32Array;
    older[key] = this.#mru;
    newer[key] = NONE;
    if (this.#mru !== NONE) newer[this.#mru] = key;
    else this.#lru = key;
    this.#mru = key;
  }

  #unlink(key: number): void {
    const older = this.#older as Int32Array;
    const newer = this.#newer as Int32Array;
    const o = older[key] as number;
    const n = newer[key] as number;
    if (o !== NONE) newer[o] = n;
    else if (this.#lru === key) this.#lru = n;
    if (n !== NONE) older[n] = o;
    else if (this.#mru === key) this.#mru = o;
    older[key] = NONE;
    newer[key] = NONE;
  }

  #grow(min: number): void {
    const n = Math.max(min, 2 * this.#fresh.length, 1024);
    const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.#fresh = grow(this.#fresh);
    this.#stale = grow(this.#stale);
    this.#stamp = grow(this.#stamp);
    if (this.#older !== undefined) {
      const o = new Int32Array(n).fill(NONE);
      o.set(this.#older);
      const w = new Int32Array(n).fill(NONE);
      w.set(this.#newer as Int32Array);
      this.#older = o;
      this.#newer = w;
    }
  }
}
