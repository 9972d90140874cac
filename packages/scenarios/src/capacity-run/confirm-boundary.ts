/**
 * `stampede capacity --simulate`: the search runs on the model first (cheap, any rate), then real probes confirm
 * the model's boundary, one on each side of it: the hardest value the model passed should pass for real, the
 * easiest it failed should fail for real. Pure: which values to probe, and what their outcomes say.
 */
import { formatCapacityValue } from '../capacity/describe-capacity-result.js';
import type { CapacityResult, ProbeOutcome } from '../capacity/search-capacity.js';

export interface ConfirmationTarget {
  value: number;
  /** what the model said at this value */
  expected: 'pass' | 'fail';
}

export interface ConfirmationProbe extends ConfirmationTarget {
  outcome: ProbeOutcome;
  /** the real probe's report folder, relative to capacity.json */
  dir: string;
}

/** additive in capacity.json: the model's search is `result`, this is the real check of its boundary */
export interface CapacityConfirmation {
  modelVersion: string;
  probes: ConfirmationProbe[];
  /** every real probe agreed with the model (false when a probe disagreed or none could run) */
  agrees: boolean;
}

/** The values to probe for real: the model's boundary (a pass) and the first failure beyond it, when it has them. */
export function confirmationTargets(model: CapacityResult): ConfirmationTarget[] {
  const targets: ConfirmationTarget[] = [];
  if (model.boundary !== null) targets.push({ value: model.boundary, expected: 'pass' });
  if (model.failedAt !== null) targets.push({ value: model.failedAt, expected: 'fail' });
  return targets;
}

export function confirmation(modelVersion: string, probes: ConfirmationProbe[]): CapacityConfirmation {
  return { modelVersion, probes, agrees: probes.length > 0 && probes.every((p) => p.outcome.pass === (p.expected === 'pass')) };
}

/** The check in words, after the model's own conclusion. */
export function describeConfirmation(vary: CapacityResult['vary'], c: CapacityConfirmation, targets: number): string[] {
  const v = (x: number) => formatCapacityValue(vary, x);
  if (c.probes.length === 0) return [`Real probes: none ran (${targets === 0 ? 'the model found no value to check' : 'interrupted'}); the answer above is the model's (${c.modelVersion}) alone.`];
  const each = c.probes.map((p) => `${v(p.value)} ${p.outcome.pass ? 'PASS' : 'FAIL'} (model: ${p.expected})`).join(', ');
  if (c.agrees) {
    return [`Real probes: ${each}. The model's (${c.modelVersion}) boundary is confirmed${c.probes.length < targets ? ' as far as probed (interrupted)' : ''}.`];
  }
  const harder = vary === 'rate' ? 'lower' : 'higher';
  const easier = vary === 'rate' ? 'higher' : 'lower';
  const passWrong = c.probes.find((p) => p.expected === 'pass' && !p.outcome.pass);
  return [
    `Real probes: ${each}. The model (${c.modelVersion}) is off here: the real limit is ${passWrong ? harder : easier} than its boundary; ` +
      `search the real system around it (stampede capacity without --simulate, --from/--to near ${v(c.probes[0]!.value)}).`,
  ];
}
