/**
 * simulateScenario on a worker thread, so the CLI stays responsive while a large simulation runs (a million
 * requests per second for a minute takes tens of seconds of CPU): Ctrl-C aborts `signal`, which terminates the
 * worker at once. A SpecError thrown by the model comes back as a SpecError (exit 2), anything else as an Error.
 */
import { Worker } from 'node:worker_threads';
import type { Report } from '../record/report.js';
import { SpecError, type ScenarioSpec } from '../scenario-spec/index.js';
import type { SimulateScenarioOptions } from './simulate-scenario.js';

/** Thrown when `signal` aborts the simulation: nothing was simulated to the end, so nothing is reported. */
export class SimulationAbortedError extends Error {
  readonly code = 'STAMPEDE_INTERRUPTED' as const;
  constructor(reason: string) {
    super(`simulation interrupted (${reason}): nothing written`);
    this.name = 'SimulationAbortedError';
  }
}

type Outcome =
  | { ok: true; report: Report }
  | { ok: false; error: { name?: string; message: string; code?: unknown; problems?: unknown; subject?: unknown } };

export function simulateInWorker(
  spec: ScenarioSpec,
  options: Omit<SimulateScenarioOptions, 'wallClockMs'>,
  signal?: AbortSignal,
): Promise<Report> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SimulationAbortedError(reason(signal)));
      return;
    }
    const worker = new Worker(new URL('./simulate-worker.js', import.meta.url), { workerData: { spec, options } });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      settle(() => reject(new SimulationAbortedError(reason(signal as AbortSignal))));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (m: Outcome) => {
      settle(() => (m.ok ? resolve(m.report) : reject(revive(m.error))));
      void worker.terminate();
    });
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the simulation worker exited (code ${code}) without a result`))));
  });
}

function revive(e: Extract<Outcome, { ok: false }>['error']): Error {
  if (e.code === 'STAMPEDE_SPEC' && Array.isArray(e.problems)) {
    return new SpecError(e.problems as string[], typeof e.subject === 'string' ? e.subject : undefined);
  }
  const err = new Error(e.message);
  if (e.name) err.name = e.name;
  if (typeof e.code === 'string') Object.assign(err, { code: e.code });
  return err;
}

function reason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'aborted';
}
