/**
 * A scenario's timeline as the model's steps (sim-timeline-step.ts). Keys become the load generator's 0-based key
 * indices: `{ top: N }` is 0..N-1 (capped at load.keys, as the real action), a named key kN is N-1; a name of any
 * other form is a path the load never requests, so purging it changes nothing and it is left out.
 * What the model cannot express is refused with a SpecError (code STAMPEDE_SPEC, exit 2) naming each step and
 * what the model supports: a reload with maxSizeBytes (eviction by size is not modelled) or with a user's VCL /
 * nginx.conf (their behaviour is the user's code).
 */
import { SpecError, type ScenarioSpec } from '../scenario-spec/index.js';
import type { TimelineStep } from '../scenario-spec/types.js';
import type { SimTimelineStep } from './sim-timeline-step.js';

/** Timeline actions the model plays (reload-cache-config: coalescing, grace, ttlOverrideS and maxCount). */
export const SIM_ACTIONS = [
  'purge-all',
  'ban',
  'purge',
  'restart-cache',
  'set-origin-ttl',
  'reload-cache-config',
  'origin-pause',
  'origin-down',
  'origin-up',
  'origin-slowdown',
  'origin-capacity',
  'mark',
] as const;

/** The reload-cache-config fields the model plays. */
export const SIM_RELOAD_FIELDS = ['coalescing', 'grace', 'ttlOverrideS', 'maxCount'] as const;

/** Warm restart defaults, as actions/restart-cache.ts fills them in. */
const WARM_TOP_N = 100;
const WARM_RATE_PER_S = 200;

export function simTimelineFromSpec(spec: ScenarioSpec): SimTimelineStep[] {
  const steps: SimTimelineStep[] = [];
  const problems: string[] = [];
  spec.timeline.forEach((step, i) => {
    const mapped = mapStep(step, spec.load.keys);
    if (typeof mapped === 'string') {
      problems.push(`timeline[${i}] (${step.action} at ${step.at}s): ${mapped}; the simulator plays ${SIM_ACTIONS.join(', ')}`);
    } else steps.push(mapped);
  });
  if (problems.length > 0) throw new SpecError(problems, `scenario "${spec.name}" for the simulator`);
  return steps;
}

/** The model's step, or why the model cannot play it. */
function mapStep(step: TimelineStep, keys: number): SimTimelineStep | string {
  const at = step.at;
  switch (step.action) {
    case 'purge-all':
    case 'origin-down':
    case 'origin-up':
      return { at, action: step.action };
    case 'mark':
      return { at, action: 'mark', label: step.label };
    case 'ban':
      return { at, action: 'ban', pattern: step.pattern };
    case 'purge': {
      const k = step.keys;
      const indices = Array.isArray(k)
        ? k.map(keyIndex).filter((x): x is number => x !== undefined)
        : Array.from({ length: Math.min((k as { top: number }).top, keys) }, (_, j) => j);
      return { at, action: 'purge-keys', keys: indices };
    }
    case 'restart-cache':
      return step.mode === 'cold'
        ? { at, action: 'restart-cache', mode: 'cold' }
        : {
            at,
            action: 'restart-cache',
            mode: 'warm',
            topN: step.warm?.topN ?? WARM_TOP_N,
            ratePerS: step.warm?.ratePerS ?? WARM_RATE_PER_S,
          };
    case 'set-origin-ttl':
      return {
        at,
        action: 'set-origin-ttl',
        ttlS: step.ttlS,
        ...(step.staleWhileRevalidateS !== undefined ? { staleWhileRevalidateS: step.staleWhileRevalidateS } : {}),
        ...(step.ttlJitterPct !== undefined ? { ttlJitterPct: step.ttlJitterPct } : {}),
      };
    case 'reload-cache-config': {
      const unplayable = (['maxSizeBytes', 'vclFile', 'nginxConfFile'] as const).filter((f) => step[f] !== undefined);
      if (unplayable.length > 0) {
        return `the model cannot play reload-cache-config with ${unplayable.join(', ')} (it plays ${SIM_RELOAD_FIELDS.join(', ')})`;
      }
      return {
        at,
        action: 'reload-cache-config',
        ...(step.coalescing !== undefined ? { coalescing: step.coalescing } : {}),
        ...(step.grace !== undefined ? { grace: step.grace } : {}),
        ...(step.ttlOverrideS !== undefined ? { ttlOverrideS: step.ttlOverrideS } : {}),
        ...(step.maxCount !== undefined ? { maxCount: step.maxCount } : {}),
      };
    }
    case 'origin-pause':
      return { at, action: 'origin-pause', durationS: step.durationS };
    case 'origin-slowdown':
      return {
        at,
        action: 'origin-slowdown',
        ...(step.factor !== undefined ? { factor: step.factor } : {}),
        ...(step.serviceTime !== undefined ? { serviceTime: step.serviceTime } : {}),
        ...(step.contention !== undefined ? { contention: step.contention } : {}),
        ...(step.durationS !== undefined ? { durationS: step.durationS } : {}),
      };
    case 'origin-capacity':
      return {
        at,
        action: 'origin-capacity',
        ...(step.concurrency !== undefined ? { concurrency: step.concurrency } : {}),
        ...(step.queue !== undefined ? { queue: step.queue } : {}),
      };
  }
}

/** k7 -> 6; a name of another form is not a key the load requests */
function keyIndex(name: string): number | undefined {
  const m = /^k([1-9][0-9]*)$/.exec(name);
  return m === null ? undefined : Number(m[1]) - 1;
}
