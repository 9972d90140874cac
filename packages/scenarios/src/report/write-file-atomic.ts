import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Write `data` to `path` so that readers see the old file or the whole new one, never a torn write, and so that the
 * new file survives a crash once this resolves: a temp file in the same directory (same filesystem, so rename is
 * atomic), flushed to disk, renamed over `path`, then the directory flushed (the rename is an entry in it).
 * The directory must exist. The temp file is removed if anything fails. Every file stampede writes goes through here.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** fsync a directory so a rename in it is durable. Windows cannot open a directory for this; there it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
