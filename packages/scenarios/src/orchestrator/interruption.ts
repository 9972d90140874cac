/**
 * A run cut short: by the caller's abort signal (Ctrl-C), or by an error after something was measured. The first
 * interruption wins; it is recorded as a phase event (not a fault of the system under test, so analysis does not
 * measure from it), stops the measured load and the warm-up, and marks the report so it never passes a gate.
 */
import { epochNow, type LoadRun } from '@stampede/loadgen';
import { INTERRUPTION_MARKER } from '../analysis/verdict.js';
import type { Report } from '../record/report.js';
import type { InterruptPhase } from './orchestrator-event.js';
import type { RunLog } from './run-log.js';

export class Interruption {
  #interrupted: Report['interrupted'];
  #load: Pick<LoadRun, 'stop'> | undefined;
  readonly #warmup = new AbortController();
  readonly #log: RunLog;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = (): void => this.interrupt(abortReason(this.#signal));

  /** Listens to `signal` until dispose(); an already aborted signal interrupts at once. */
  constructor(log: RunLog, signal: AbortSignal | undefined) {
    this.#log = log;
    this.#signal = signal;
    if (signal?.aborted) this.#onAbort();
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** set once the run was cut short: report.interrupted */
  get interrupted(): Report['interrupted'] {
    return this.#interrupted;
  }

  /** aborted on interruption: the warm-up stops early (it is not measured) */
  get warmupSignal(): AbortSignal {
    return this.#warmup.signal;
  }

  /** The measured load to stop on interruption; stopped at once when the run is already interrupted. */
  stops(load: Pick<LoadRun, 'stop'>): void {
    this.#load = load;
    if (this.#interrupted) load.stop();
  }

  interrupt(reason: string): void {
    if (this.#interrupted) return;
    const phase = this.#log.phase;
    this.#interrupted = { reason, at: epochNow(), phase };
    this.#log.record({ t: this.#interrupted.at, action: 'interrupted', detail: { reason, phase }, kind: 'phase' });
    this.#load?.stop();
    this.#warmup.abort(new Error(reason));
  }

  /** The run failed after measuring: the report keeps what was measured and names the error as the reason. */
  failed(reason: string): void {
    this.#interrupted ??= { reason, at: epochNow(), phase: this.#log.phase };
  }

  dispose(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}

/** An interrupted run never passes, whatever was measured until then. */
export function interruptedVerdict(verdict: Report['verdict']): Report['verdict'] {
  return { pass: false, failures: [...verdict.failures, { ...INTERRUPTION_MARKER }] };
}

/**
 * Marks a finished report as interrupted after the engine returned it (a signal while the caller analysed or wrote
 * it): the numbers are whole, but the run was cut short of its end and must not pass a gate.
 */
export function markInterrupted(report: Report, reason: string, phase: InterruptPhase): Report {
  if (report.interrupted) return report;
  const at = epochNow();
  return {
    ...report,
    events: [...report.events, { t: at, action: 'interrupted', detail: { reason, phase }, kind: 'phase' }],
    verdict: interruptedVerdict(report.verdict),
    interrupted: { reason, at, phase },
  };
}

/** The reason an abort signal carries, as text ("interrupted by SIGINT"). */
export function abortReason(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'interrupted';
}

/** Between phases: an aborted signal ends the run here (code STAMPEDE_INTERRUPTED). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw Object.assign(new Error(abortReason(signal)), { code: 'STAMPEDE_INTERRUPTED' });
}
