/**
 * validateScenario: raw input (a parsed YAML/JSON file, a catalog entry, a TypeScript object) -> a frozen
 * ScenarioSpec, or a SpecError listing every problem at once. Pure: no files are read (resolve.ts does that).
 */
import { describeValue, formatIssues } from '@stampede/validation';
import { crossChecks } from './cross-checks.js';
import { didYouMean } from './did-you-mean.js';
import { SpecError } from './errors.js';
import { scenarioSchema } from './schema.js';
import type { ScenarioSpec } from './types.js';

export interface ValidateOptions {
  /** names the spec in the error message: a scenario name or a file path */
  subject?: string;
}

/**
 * Validate, fill defaults, sort the timeline and deep-freeze.
 * @throws SpecError (code STAMPEDE_SPEC) whose `problems` list every problem, each `<path> <problem> (got X)`.
 */
export function validateScenario(input: unknown, options: ValidateOptions = {}): ScenarioSpec {
  const subject = options.subject ?? describeSubject(input);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    const problem = `a scenario must be an object with at least name and load (got ${describeValue(input)})`;
    throw new SpecError([problem], subject);
  }
  const parsed = scenarioSchema.safeParse(input, { reportInput: true });
  const problems = parsed.success
    ? []
    : formatIssues(parsed.error.issues, input, { rootName: 'scenario', names: { schema: scenarioSchema, didYouMean } }).map(
        (p) => p.message,
      );
  problems.push(...crossChecks(input as Record<string, unknown>));
  if (problems.length > 0 || !parsed.success) throw new SpecError(unique(problems), subject);
  return deepFreeze(parsed.data);
}

function describeSubject(input: unknown): string {
  const name = (input as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? `scenario "${name}"` : 'scenario';
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}
