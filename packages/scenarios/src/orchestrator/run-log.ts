/**
 * What a run tells as it goes: the phase it is in, and the events that become report.events. Every event recorded
 * is also emitted to the caller.
 */
import type { ReportEvent } from '../record/report.js';
import type { OrchestratorEvent, RunPhase } from './orchestrator-event.js';

export class RunLog {
  readonly events: ReportEvent[] = [];
  #phase: RunPhase = 'origin';
  readonly #onEvent: (event: OrchestratorEvent) => void;

  constructor(onEvent: ((event: OrchestratorEvent) => void) | undefined) {
    this.#onEvent = onEvent ?? (() => {});
  }

  /** the phase the run is in (the last one entered) */
  get phase(): RunPhase {
    return this.#phase;
  }

  enter(phase: RunPhase, detail?: string): void {
    this.emit({ type: 'phase', phase, ...(detail === undefined ? {} : { detail }) });
  }

  emit(event: OrchestratorEvent): void {
    if (event.type === 'phase') this.#phase = event.phase;
    this.#onEvent(event);
  }

  /** into report.events, and out to the caller (bound: can be handed around) */
  readonly record = (event: ReportEvent): void => {
    this.events.push(event);
    this.emit({ type: 'event', event });
  };
}
