/**
 * The private directory an adapter writes its config, cache files and logs to. A directory the adapter creates
 * (under os.tmpdir()) is removed by `dispose()`; one the caller named is created if missing and left in place.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unwatchDir, watchDir } from './process/orphan-watchdog.js';

export interface WorkDir {
  readonly path: string;
  /** true when the adapter created it (and so removes it) */
  readonly owned: boolean;
  dispose(): Promise<void>;
}

export async function openWorkDir(prefix: string, given: string | undefined): Promise<WorkDir> {
  if (given !== undefined) {
    await mkdir(given, { recursive: true, mode: 0o700 });
    return { path: given, owned: false, dispose: async () => {} };
  }
  const path = await mkdtemp(join(tmpdir(), `stampede-${prefix}-`));
  // Removed by dispose(); by the orphan watchdog if stampede is killed first.
  watchDir(path);
  return {
    path,
    owned: true,
    dispose: async () => {
      await rm(path, { recursive: true, force: true, maxRetries: 3 });
      unwatchDir(path);
    },
  };
}
