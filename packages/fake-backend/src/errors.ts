/**
 * Every error the fake origin throws on purpose. Each has a stable `code`; the CLI maps codes to exit codes
 * (packages/scenarios/src/exit-codes.ts) and never matches on messages.
 */

/** One validation problem: the field path (`serviceTime.p99Ms`) and the full sentence naming it. */
export interface BackendOptionProblem {
  path: string;
  /** `<path> <what is wrong> (got X)` */
  message: string;
}

/** Bad backend options or a bad run-time patch; lists every problem at once. Code `STAMPEDE_BACKEND_OPTIONS`. */
export class BackendOptionsError extends Error {
  readonly code = 'STAMPEDE_BACKEND_OPTIONS';
  readonly problems: readonly BackendOptionProblem[];

  constructor(problems: readonly BackendOptionProblem[], subject = 'backend options') {
    const list = problems.map((p) => `  - ${p.message}`).join('\n');
    super(`invalid ${subject} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${list}`);
    this.name = 'BackendOptionsError';
    this.problems = problems;
  }
}

/** The origin or admin port is taken. Code `STAMPEDE_PORT_IN_USE`. */
export class PortInUseError extends Error {
  readonly code = 'STAMPEDE_PORT_IN_USE';
  readonly host: string;
  readonly port: number;
  /** the option that chose the port: `port` or `adminPort` */
  readonly option: 'port' | 'adminPort';

  constructor(host: string, port: number, option: 'port' | 'adminPort', options?: { cause?: unknown }) {
    const flag = option === 'port' ? '--port' : '--admin-port';
    super(
      `port ${port} on ${host} is already in use (${option} / ${flag}); ` +
        `pick another port or use ${flag} 0 to let the system choose a free one`,
      options,
    );
    this.name = 'PortInUseError';
    this.host = host;
    this.port = port;
    this.option = option;
  }
}
