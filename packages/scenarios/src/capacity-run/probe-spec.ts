/**
 * The scenario one capacity probe runs: the scenario at the probed value (the request rate, scaled over stages as
 * `--rate` does, or the origin's concurrency), shortened to the probe duration, validated like a spec file. Its
 * verdict — thresholds and recovery expectation — is the probe's. Pure.
 */
import type { CapacityVary } from '../capacity/capacity-options.js';
import { formatCapacityValue } from '../capacity/describe-capacity-result.js';
import { formatDuration } from '@stampede/loadgen';
import { SpecError } from '../scenario-spec/errors.js';
import { applyOverrides } from '../scenario-spec/overrides.js';
import type { ScenarioSpec } from '../scenario-spec/types.js';
import { validateScenario } from '../scenario-spec/validate.js';

/**
 * @throws SpecError naming the probe (`probe of scenario "x" at 1,600 req/s with --probe-duration 10s`) when the
 * scenario cannot run at that value or for that long.
 */
export function probeSpec(spec: ScenarioSpec, vary: CapacityVary, value: number, probeDurationS?: number): ScenarioSpec {
  let raw = applyOverrides(spec, {
    ...(vary === 'rate' ? { ratePerS: value } : {}),
    ...(probeDurationS !== undefined ? { durationS: probeDurationS } : {}),
  }) as Record<string, unknown>;
  if (vary === 'origin.concurrency') raw = { ...raw, origin: { ...(raw['origin'] as object), concurrency: value } };
  const subject =
    `probe of scenario "${spec.name}" at ${formatCapacityValue(vary, value)}` +
    (probeDurationS !== undefined ? ` with --probe-duration ${formatDuration(probeDurationS)}` : '');
  try {
    return validateScenario(raw, { subject });
  } catch (err) {
    if (err instanceof SpecError) throw new SpecError(err.problems, subject, { cause: err });
    throw err;
  }
}
