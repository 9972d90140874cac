/**
 * A command-line flag that cannot work (`--repeat 0`, `--a squid:fast`, `--probe-duration soon`). Stable code
 * `STAMPEDE_USAGE`, exit code 2 (../exit-codes.ts). Every problem at once, each starting with the flag it is about.
 */
export class UsageError extends Error {
  readonly code = 'STAMPEDE_USAGE' as const;
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    const list = problems.length === 1 ? ` ${problems[0]}` : `\n  - ${problems.join('\n  - ')}`;
    super(`invalid arguments:${list}`, options);
    this.name = 'UsageError';
    this.problems = Object.freeze([...problems]);
  }
}
