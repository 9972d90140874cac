/**
 * Every error the generator throws, each with a stable `code` (mapped to exit codes by the CLI only).
 * The codes are documented in README.md ("Errors").
 */

/** The load spec is invalid. `problems` lists every problem at once, each naming its field path. */
export class LoadSpecError extends Error {
  readonly code = 'STAMPEDE_LOAD_SPEC' as const;
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? `invalid load spec: ${problems[0]}`
        : `invalid load spec (${problems.length} problems):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'LoadSpecError';
    this.problems = problems;
  }
}

/** The target is not a loopback address and remote targets were not allowed. */
export class RemoteTargetError extends Error {
  readonly code = 'STAMPEDE_REMOTE_TARGET' as const;
  readonly host: string;

  constructor(host: string) {
    super(
      `refusing to send load to non-loopback host "${host}": stampede only targets 127.0.0.0/8, ::1 and localhost ` +
        'unless you pass --allow-remote (allowRemote: true) for a host you are allowed to load',
    );
    this.name = 'RemoteTargetError';
    this.host = host;
  }
}

/** A worker thread failed before the run could measure anything. */
export class LoadWorkerError extends Error {
  readonly code = 'STAMPEDE_LOAD_WORKER' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoadWorkerError';
  }
}
