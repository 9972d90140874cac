/**
 * Piscina entry: one long-running task per worker thread. Creates this worker's undici Pool, reports
 * `ready`, starts at the `start` message's t0 and streams one message per interval on its port.
 */
import { createRequire } from 'node:module';
import type { Pool as UndiciPool } from 'undici';
import type { MainToWorker, WorkerExit, WorkerTask } from './protocol.js';
import { WorkerRunner } from './worker-runner.js';
import { correctClock } from './clock.js';

const require = createRequire(import.meta.url);

/**
 * undici's Pool alone. Loading the whole of undici (fetch, WebSocket, caches, mocks) costs ~90 ms of CPU per
 * worker thread, which is a measurable share of a short run's client CPU; the Pool module has been at this path
 * through undici 5–7. Falls back to the package entry if a future version moves it.
 */
function loadPool(): typeof UndiciPool {
  try {
    return require('undici/lib/dispatcher/pool.js') as typeof UndiciPool;
  } catch {
    return (require('undici') as typeof import('undici')).Pool;
  }
}

const Pool = loadPool();

/**
 * Fault injection for stampede's own tests (packages/scenarios/ERRORS.md): worker 0 throws, uncaught, this many
 * seconds after its start, as a bug would. Unset (NaN) in real use.
 */
const INJECT_CRASH_AFTER_S = Number(process.env.STAMPEDE_INJECT_WORKER_CRASH_S);

export default async function loadWorker(task: WorkerTask): Promise<WorkerExit> {
  const { spec, worker, workers, connections, port } = task;
  correctClock(spec.clockOffsetMs ?? 0);
  const pool = new Pool(new URL(spec.url.replaceAll('{key}', 'k')).origin, {
    connections,
    pipelining: spec.pipelining,
    headersTimeout: spec.timeoutMs,
    bodyTimeout: spec.timeoutMs,
    connect: { timeout: Math.min(spec.timeoutMs, 10_000) },
  });
  const runner = new WorkerRunner({
    spec,
    worker,
    workers,
    connections,
    dispatcher: pool,
    post: (message) => port.postMessage(message),
  });
  let crash: NodeJS.Timeout | undefined;
  const onMessage = (message: MainToWorker): void => {
    if (message.type !== 'start') return runner.stop();
    runner.start(message.t0);
    if (worker === 0 && INJECT_CRASH_AFTER_S > 0) {
      crash = setTimeout(() => {
        throw new Error(`injected crash (STAMPEDE_INJECT_WORKER_CRASH_S=${INJECT_CRASH_AFTER_S})`);
      }, Math.max(0, message.t0 + INJECT_CRASH_AFTER_S * 1000 - Date.now()));
    }
  };
  port.on('message', onMessage);
  port.postMessage({ type: 'ready', worker });
  try {
    await runner.done;
  } finally {
    clearTimeout(crash);
    port.off('message', onMessage);
    port.unref();
    await pool.destroy().catch(() => undefined);
  }
  return { worker, buckets: runner.posted };
}
