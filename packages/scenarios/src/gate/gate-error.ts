/**
 * The gate's usage errors: a bad `--tolerance`, or two reports that cannot be compared (different scenario or
 * cache kind, a report cut short). Stable code `STAMPEDE_USAGE`, mapped to exit code 2 by the CLI
 * (../exit-codes.ts); nothing matches on messages. A report file that cannot be read is a ReportFileError instead.
 */

export type GateErrorKind = 'tolerance' | 'mismatch';

export class GateError extends Error {
  readonly code = 'STAMPEDE_USAGE' as const;
  readonly kind: GateErrorKind;
  /** every problem found, one sentence each */
  readonly problems: readonly string[];

  constructor(kind: GateErrorKind, summary: string, problems: readonly string[], hint = '') {
    const list = problems.length === 1 ? ` ${problems[0]}` : `\n  - ${problems.join('\n  - ')}`;
    super(`${summary}:${list}${hint === '' ? '' : `\n${hint}`}`);
    this.name = 'GateError';
    this.kind = kind;
    this.problems = Object.freeze([...problems]);
  }
}
