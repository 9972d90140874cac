import type { ScenarioSpec } from '../scenario-spec/index.js';

/** `20260102-150405-<scenario>-<cache kind>`, from the run's start time (UTC). */
export function defaultRunId(spec: ScenarioSpec, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${spec.name}-${spec.cache.kind}`;
}
