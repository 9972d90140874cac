/**
 * The scenarios package's spec errors. Stable code `STAMPEDE_SPEC`, mapped to exit code 2 by the CLI
 * (../exit-codes.ts); nothing matches on messages.
 */

/**
 * A scenario spec, a threshold expression, a scenario name or a spec file is invalid. `problems` lists every problem
 * found, each a sentence that starts with the field path and says how to fix it:
 * `load.ratePerS must be a number > 0 and <= 1000000 (got -5)`.
 */
export class SpecError extends Error {
  readonly code = 'STAMPEDE_SPEC' as const;
  readonly problems: readonly string[];
  /** what was being validated: a scenario name, a file path, or "thresholds" */
  readonly subject: string;

  constructor(problems: readonly string[], subject = 'scenario', options?: { cause?: unknown }) {
    const list = problems.length === 1 ? ` ${problems[0]}` : `\n  - ${problems.join('\n  - ')}`;
    const count = problems.length === 1 ? '' : ` (${problems.length} problems)`;
    super(`invalid ${subject}${count}:${list}`, options);
    this.name = 'SpecError';
    this.problems = Object.freeze([...problems]);
    this.subject = subject;
  }
}
