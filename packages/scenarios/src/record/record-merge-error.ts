/**
 * Records that cannot be merged: not on one bucket grid, or a bucket with responses but no histogram (its
 * percentiles could only be averaged, which is wrong). Code `STAMPEDE_SPEC` (exit 2): the inputs are the problem.
 */
export class RecordMergeError extends Error {
  readonly code = 'STAMPEDE_SPEC' as const;

  constructor(message: string) {
    super(message);
    this.name = 'RecordMergeError';
  }
}
