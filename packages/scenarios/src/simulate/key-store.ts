/**
 * The cache model's stored objects, in one typed array indexed by key (the load's 0-based key index): per key
 * [freshUntil + 1 (0: not stored), staleUntil, recency stamp, revalidateUntil], side by side so that a lookup and its
 * touch share one cache line. No hash lookup and no object per key: at 10M keys a Map of objects costs seconds of hashing and
 * garbage collection per simulated minute, and the key space outgrows the CPU caches, so every line counts.
 * Memory is 32 bytes per key up to the highest key seen (the load's key count at most: 320 MB at the 10M limit),
 * plus 8 more once a count limit is set; it does not grow with the rate or the run's length.
 *
 * Recency: every touch stamps the key with an increasing counter, so least-recently-used order is exact without a
 * list while nothing is bounded. When a count limit is set (a cache option or a reload), the stored keys are sorted
 * by stamp once into an intrusive doubly linked list (Int32Array links), kept in order from then on at O(1) per
 * touch; eviction takes its head.
 */

const NONE = -1;

const STRIDE = 4;

export class KeyStore {
  /** per key: freshUntil + 1 (0: not stored, so a zeroed allocation needs no fill), staleUntil, stamp, revalidateUntil */
  #a = new Float64Array(0);
  #n = 0;
  #tick = 0;
  #size = 0;
  // the LRU list, once a limit is set
  #older: Int32Array<ArrayBuffer> | undefined;
  #newer: Int32Array<ArrayBuffer> | undefined;
  #lru = NONE;
  #mru = NONE;
  #maxCount: number | undefined;
  evictions = 0;

  /** `keys`: the key space when known (the load's key count): the array is allocated once at that size */
  constructor(keys = 0) {
    if (keys > 0) this.#grow(keys);
  }

  get size(): number {
    return this.#size;
  }

  /** freshUntil of `key`, or -1 when it is not stored */
  freshUntil(key: number): number {
    return key < this.#n ? (this.#a[key * STRIDE] as number) - 1 : NONE;
  }

  /** staleUntil of a stored `key` */
  staleUntil(key: number): number {
    return this.#a[key * STRIDE + 1] as number;
  }

  /** until when a stored `key` past its grace is revalidated rather than fetched anew (embedded: see cache-mode.ts) */
  revalidateUntil(key: number): number {
    return this.#a[key * STRIDE + 3] as number;
  }

  has(key: number): boolean {
    return key < this.#n && (this.#a[key * STRIDE] as number) > 0;
  }

  /** marks `key` (stored) as just used */
  touch(key: number): void {
    if (this.#older === undefined) this.#a[key * STRIDE + 2] = ++this.#tick;
    else if (key !== this.#mru) {
      this.#unlink(key);
      this.#append(key);
    }
  }

  /** stores (or refreshes) `key`, as just used; then evicts beyond the count limit */
  put(key: number, freshUntil: number, staleUntil: number, revalidateUntil = staleUntil): void {
    if (key >= this.#n) this.#grow(key + 1);
    const a = this.#a;
    const i = key * STRIDE;
    const isNew = a[i] === 0;
    a[i] = freshUntil + 1;
    a[i + 1] = staleUntil;
    a[i + 3] = revalidateUntil;
    if (isNew) {
      this.#size++;
      if (this.#older === undefined) a[i + 2] = ++this.#tick;
      else this.#append(key);
      this.#enforce();
    } else this.touch(key);
  }

  remove(key: number): void {
    if (!this.has(key)) return;
    this.#a[key * STRIDE] = 0;
    this.#size--;
    if (this.#older !== undefined) this.#unlink(key);
  }

  clear(): void {
    const a = this.#a;
    for (let i = 0; i < a.length; i += STRIDE) a[i] = 0;
    this.#size = 0;
    this.#lru = NONE;
    this.#mru = NONE;
    if (this.#older !== undefined) {
      this.#older.fill(NONE);
      (this.#newer as Int32Array).fill(NONE);
    }
  }

  /** the stored keys, ascending (a scan of the key space: for rare actions such as a ban) */
  storedKeys(): number[] {
    const out: number[] = [];
    const a = this.#a;
    for (let k = 0; k < this.#n; k++) if ((a[k * STRIDE] as number) > 0) out.push(k);
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
    this.#older = new Int32Array(this.#n).fill(NONE);
    this.#newer = new Int32Array(this.#n).fill(NONE);
    const a = this.#a;
    const keys = this.storedKeys().sort((x, y) => (a[x * STRIDE + 2] as number) - (a[y * STRIDE + 2] as number));
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
    const n = Math.max(min, 2 * this.#n, 1024);
    const a = new Float64Array(n * STRIDE);
    a.set(this.#a);
    this.#a = a;
    if (this.#older !== undefined) {
      const o = new Int32Array(n).fill(NONE);
      o.set(this.#older);
      const w = new Int32Array(n).fill(NONE);
      w.set(this.#newer as Int32Array);
      this.#older = o;
      this.#newer = w;
    }
    this.#n = n;
  }
}
