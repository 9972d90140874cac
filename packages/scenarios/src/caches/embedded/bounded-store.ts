/**
 * The embedded cache's storage: undici's MemoryCacheStore behind an index of the URLs it holds, which gives
 * the adapter what MemoryCacheStore lacks:
 * - working limits. undici 7.30's MemoryCacheStore does not evict single-entry URLs: on overflow it removes
 *   `entries.length / 2` entries per URL, which is 0 for a URL with one entry (verified: maxCount 3, 10 URLs
 *   written -> 10 kept). Here the least recently used URLs are deleted until `maxCount` and `maxSizeBytes` hold,
 *   so an eviction storm can be provoked on purpose;
 * - ban by URL regex (MemoryCacheStore can delete one key, not list them);
 * - counters (objects, bytes, evictions, expired).
 * Limits are per URL (all Vary variants of a path count as one object of their latest size) and may change at
 * run time. The inner store is created without limits of its own so only this policy decides.
 */
import { Writable } from 'node:stream';
import { cacheStores, type interceptors } from 'undici';

export type CacheStore = NonNullable<NonNullable<Parameters<typeof interceptors.cache>[0]>['store']>;
export type CacheKey = Parameters<CacheStore['get']>[0];
export type CacheValue = Parameters<CacheStore['createWriteStream']>[1];
type GetReturn = ReturnType<CacheStore['get']>;

export interface StoreLimits {
  maxCount: number;
  maxSizeBytes: number;
  maxEntrySizeBytes: number;
}

export interface StoreCounters {
  objects: number;
  bytes: number;
  evictions: number;
  expired: number;
  stored: number;
  tooLarge: number;
}

interface Indexed {
  bytes: number;
  deleteAt: number;
  origin: string;
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

export class BoundedCacheStore implements CacheStore {
  #inner = new cacheStores.MemoryCacheStore({ maxCount: UNLIMITED, maxSize: UNLIMITED, maxEntrySize: UNLIMITED });
  /** path -> entry, in least-recently-used-first order (a hit moves a path to the end) */
  #index = new Map<string, Indexed>();
  #bytes = 0;
  #limits: StoreLimits;
  #counters = { evictions: 0, expired: 0, stored: 0, tooLarge: 0 };

  constructor(limits: StoreLimits) {
    this.#limits = { ...limits };
  }

  get(key: CacheKey): GetReturn {
    const result = this.#inner.get(key) as GetReturn;
    const entry = this.#index.get(key.path);
    if (entry !== undefined) {
      if (result !== undefined) {
        this.#index.delete(key.path);
        this.#index.set(key.path, entry);
      } else if (entry.deleteAt <= Date.now()) {
        this.#drop(key.path, entry);
        this.#counters.expired += 1;
      }
    }
    return result;
  }

  createWriteStream(key: CacheKey, value: CacheValue): Writable | undefined {
    const generation = this.#inner;
    const inner = generation.createWriteStream(key, value);
    if (inner === undefined) return undefined;
    const store = this;
    const maxEntry = this.#limits.maxEntrySizeBytes;
    let bytes = 0;
    return new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.byteLength;
        if (bytes > maxEntry) {
          // Same as MemoryCacheStore's own limit: the response is served but not stored.
          store.#counters.tooLarge += 1;
          inner.destroy();
          this.destroy();
          callback();
          return;
        }
        if (inner.write(chunk)) callback();
        else inner.once('drain', () => callback());
      },
      final(callback) {
        inner.end(() => {
          // A purge while this was being written emptied `generation`: do not index an entry it no longer has.
          if (generation === store.#inner) store.#record(key, value, bytes);
          callback();
        });
      },
      destroy(err, callback) {
        inner.destroy(err ?? undefined);
        callback(err);
      },
    });
  }

  delete(key: CacheKey): void {
    const entry = this.#index.get(key.path);
    if (entry !== undefined) this.#drop(key.path, entry);
    else this.#inner.delete(key);
  }

  /** delete every URL (path + query) matching `pattern`; returns how many */
  deleteMatching(pattern: RegExp): number {
    let n = 0;
    for (const [path, entry] of [...this.#index]) {
      pattern.lastIndex = 0;
      if (pattern.test(path)) {
        this.#drop(path, entry);
        n += 1;
      }
    }
    return n;
  }

  /** delete these exact paths; returns how many were stored */
  deletePaths(paths: readonly string[]): number {
    let n = 0;
    for (const path of paths) {
      const entry = this.#index.get(path);
      if (entry !== undefined) {
        this.#drop(path, entry);
        n += 1;
      }
    }
    return n;
  }

  /** drop everything (a fresh inner store; entries being written to the old one are lost with it) */
  clear(): void {
    this.#inner = new cacheStores.MemoryCacheStore({ maxCount: UNLIMITED, maxSize: UNLIMITED, maxEntrySize: UNLIMITED });
    this.#index.clear();
    this.#bytes = 0;
  }

  setLimits(limits: Partial<StoreLimits>): void {
    this.#limits = { ...this.#limits, ...limits };
    this.#enforce();
  }

  counters(): StoreCounters {
    return { objects: this.#index.size, bytes: this.#bytes, ...this.#counters };
  }

  #record(key: CacheKey, value: CacheValue, bytes: number): void {
    const previous = this.#index.get(key.path);
    if (previous !== undefined) {
      this.#index.delete(key.path);
      this.#bytes -= previous.bytes;
    }
    this.#index.set(key.path, { bytes, deleteAt: Math.max(value.deleteAt, previous?.deleteAt ?? 0), origin: key.origin });
    this.#bytes += bytes;
    this.#counters.stored += 1;
    this.#enforce();
  }

  #enforce(): void {
    const { maxCount, maxSizeBytes } = this.#limits;
    for (const [path, entry] of this.#index) {
      if (this.#index.size <= maxCount && this.#bytes <= maxSizeBytes) break;
      this.#drop(path, entry);
      this.#counters.evictions += 1;
    }
  }

  #drop(path: string, entry: Indexed): void {
    this.#inner.delete({ origin: entry.origin, method: 'GET', path });
    this.#index.delete(path);
    this.#bytes -= entry.bytes;
  }
}
