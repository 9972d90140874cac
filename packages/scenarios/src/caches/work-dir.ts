/**
 * The private directory an adapter writes its config, cache files and logs to. A directory the adapter creates
 * (under os.tmpdir()) is removed by `dispose()`; one the caller named is created if missing and left in place.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  return {
    path,
    owned: true,
    dispose: () => rm(path, { recursive: true, force: true, maxRetries: 3 }),
  };
}
