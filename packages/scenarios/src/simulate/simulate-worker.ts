/**
 * Worker-thread entry of `simulateInWorker`: one simulateScenario call, its Report (or its error) posted back.
 * Runs from the built dist/ like the load generator's workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { simulateScenario, type SimulateScenarioOptions } from './simulate-scenario.js';

const { spec, options } = workerData as { spec: ScenarioSpec; options: Omit<SimulateScenarioOptions, 'wallClockMs'> };
try {
  parentPort?.postMessage({ ok: true, report: simulateScenario(spec, options) });
} catch (err) {
  const e = err as { name?: string; message?: string; code?: unknown; problems?: unknown; subject?: unknown };
  parentPort?.postMessage({ ok: false, error: { name: e.name, message: e.message ?? String(err), code: e.code, problems: e.problems, subject: e.subject } });
}
