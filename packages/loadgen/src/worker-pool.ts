/**
 * The piscina pool of load workers: one thread per worker, one long-running task each.
 * Worker file: built JS next to this module (dist/worker.js), or — when this module itself runs as
 * TypeScript source (vitest, tsx) — src/worker.ts loaded through tsx, since Node 20 cannot run .ts
 * worker files on its own.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { WorkerExit, WorkerTask } from './protocol.js';

export interface WorkerFile {
  filename: string;
  execArgv: string[] | undefined;
}

export function workerFile(moduleUrl: string = import.meta.url): WorkerFile {
  const fromSource = moduleUrl.endsWith('.ts');
  return {
    filename: fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', moduleUrl)),
    execArgv: fromSource ? ['--import', 'tsx'] : undefined,
  };
}

export type LoadWorkerPool = Piscina<WorkerTask, WorkerExit>;

export function createWorkerPool(workers: number, file: WorkerFile = workerFile()): LoadWorkerPool {
  const { filename, execArgv } = file;
  return new Piscina<WorkerTask, WorkerExit>({
    filename,
    ...(execArgv ? { execArgv } : {}),
    minThreads: workers,
    maxThreads: workers,
    concurrentTasksPerWorker: 1,
    // the task runs for the whole load; waiting on Atomics between tasks is pointless here
    atomics: 'disabled',
    recordTiming: false,
    name: 'default',
  });
}
