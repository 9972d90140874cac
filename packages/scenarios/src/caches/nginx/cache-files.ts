/**
 * nginx's disk cache, handled from outside: open-source nginx has no purge (and Debian's cache-purge module
 * crashed the worker on every purge), but each cache file carries its key in a `KEY: ...` line after a binary
 * header, and nginx treats a cache file that vanished as a miss. So:
 * - purge all = swap the cache directory for an empty one (swapOut): one rename, so every object goes at one
 *   moment, as a Varnish ban or the embedded cache's purge does. Deleting the files in place (`rm -rf DIR/*`, as
 *   this adapter did) took ~200 ms for 785 files during global-purge, longer than nginx takes to refill a hot key,
 *   and a refilled file in a directory not deleted yet went too: a purge spread over a fifth of a second that hit
 *   the hottest keys twice. The purged tree is deleted when the cache stops, outside the measured load;
 * - ban / purge keys = delete the files whose key matches.
 * nginx's shared-memory index still lists deleted entries until its cache manager notices; lookups miss at once.
 * Files being written live in proxy_temp_path (outside the cache directory) until complete, so nothing here
 * deletes half a file. A fill in flight during a purge lands after it: nginx commits the file when the upstream
 * response ends, which can be a moment after its client got the last byte (seen in tests: purge right after a
 * MISS, next request HIT).
 */
import { chmod, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Enough for the binary header and any sane key; a key not ending within it is not matched. */
const HEAD_BYTES = 16 * 1024;

/** every regular file under `dir` (the levels=1:2 tree) */
async function* cacheFiles(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* cacheFiles(path);
    else if (e.isFile()) yield path;
  }
}

/** the key written in an nginx cache file, or undefined (not a cache file, vanished, or key too long) */
export async function readCacheKey(file: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return parseCacheKey(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** `\nKEY: <key>\n` in the first bytes of a cache file. Pure. */
export function parseCacheKey(head: Buffer): string | undefined {
  const marker = head.indexOf('\nKEY: ');
  if (marker === -1) return undefined;
  const start = marker + 6;
  const end = head.indexOf('\n', start);
  return end === -1 ? undefined : head.toString('latin1', start, end);
}

/**
 * The URL part of a key (path + query). Our generated config keys on `$request_uri`, already a URL. Without a
 * proxy_cache_key, nginx 1.22 keys on the proxy_pass URL + URI (`http://127.0.0.1:8080/a?b`, verified; the docs'
 * `$scheme$proxy_host$request_uri` would give `http127.0.0.1:8080/a?b`): both lose their scheme and host. Pure.
 */
export function urlOfKey(key: string): string {
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/.exec(key);
  if (absolute !== null) return key.slice(absolute[0].length) || '/';
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(slash);
}

/** delete the cache files whose URL satisfies `matches`; returns how many */
export async function deleteWhere(dir: string, matches: (url: string) => boolean): Promise<number> {
  let n = 0;
  for await (const file of cacheFiles(dir)) {
    const key = await readCacheKey(file);
    if (key !== undefined && matches(urlOfKey(key))) {
      await rm(file, { force: true });
      n += 1;
    }
  }
  return n;
}

/**
 * Empty `dir` in one step: rename it to `trash` (a path that does not exist yet, on the same filesystem) and make
 * it again, empty, with its mode. A lookup between the two steps misses, as it would after them; a fill nginx
 * commits meanwhile creates the missing directories itself (it commits with create_path) and is kept. Returns
 * whether there was anything to move; the caller deletes `trash` when nothing is measured any more.
 */
export async function swapOut(dir: string, trash: string): Promise<boolean> {
  let mode: number;
  try {
    mode = (await stat(dir)).mode & 0o7777;
    await rename(dir, trash);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return false;
  }
  await mkdir(dir, { recursive: true, mode });
  await chmod(dir, mode); // mkdir's mode passes through the umask
  return true;
}

/** cache files on disk and their total size */
export async function cacheUsage(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for await (const file of cacheFiles(dir)) {
    try {
      bytes += (await stat(file)).size;
      files += 1;
    } catch {
      // deleted meanwhile
    }
  }
  return { files, bytes };
}
