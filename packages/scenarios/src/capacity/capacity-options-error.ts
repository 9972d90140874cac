/**
 * Options of a capacity search that cannot work (an empty or negative range, a resolution the search cannot
 * reach). Stable code `STAMPEDE_USAGE`, exit code 2 (../exit-codes.ts). Every problem at once, each naming the
 * option.
 */
export class CapacityOptionsError extends Error {
  readonly code = 'STAMPEDE_USAGE' as const;
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const list = problems.length === 1 ? ` ${problems[0]}` : `\n  - ${problems.join('\n  - ')}`;
    super(`invalid capacity search:${list}`);
    this.name = 'CapacityOptionsError';
    this.problems = Object.freeze([...problems]);
  }
}
