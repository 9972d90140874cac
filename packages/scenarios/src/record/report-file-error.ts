/**
 * A report file that cannot be used: missing or unreadable (`STAMPEDE_USAGE`), or not valid JSON / not a
 * `stampede.report/v1` document (`STAMPEDE_SPEC`). Both exit 2. Messages name the file and every problem.
 */
export class ReportFileError extends Error {
  readonly code: 'STAMPEDE_SPEC' | 'STAMPEDE_USAGE';
  /** the file (or source label) the problem is in */
  readonly file: string;
  /** `path: problem`, one per problem found */
  readonly problems: readonly string[];

  constructor(
    code: 'STAMPEDE_SPEC' | 'STAMPEDE_USAGE',
    file: string,
    summary: string,
    problems: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    const list = problems.map((p) => `\n  - ${p}`).join('');
    super(`${file}: ${summary}${list}`, options);
    this.name = 'ReportFileError';
    this.code = code;
    this.file = file;
    this.problems = problems;
  }
}
