/** The orchestrator: one scenario end to end (origin -> cache -> warm-up -> measured load -> report). */
export { runScenario, type RunScenarioOptions } from './run-scenario.js';
export { defaultRunId } from './default-run-id.js';
export { abortReason, markInterrupted } from './interruption.js';
export type { InterruptPhase, OrchestratorEvent, RunPhase } from './orchestrator-event.js';
