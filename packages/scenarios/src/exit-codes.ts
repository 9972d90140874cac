/**
 * Exit codes (DESIGN.md) and the one table that maps every error code to one of them.
 * A code missing here is an internal error (70); exit-codes.test.ts checks that every code is documented.
 */
export const ExitCode = {
  pass: 0,
  verdictFailed: 1,
  usage: 2,
  environment: 3,
  interrupted: 4,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Stable error code (err.code) -> exit code. */
export const exitCodeByErrorCode: Readonly<Record<string, ExitCode>> = {
  STAMPEDE_USAGE: ExitCode.usage,
  STAMPEDE_LOAD_SPEC: ExitCode.usage,
  STAMPEDE_REMOTE_TARGET: ExitCode.usage,
  STAMPEDE_BACKEND_OPTIONS: ExitCode.usage,
  STAMPEDE_SPEC: ExitCode.usage,
  STAMPEDE_SHARD_ENV: ExitCode.usage,
  STAMPEDE_PORT_IN_USE: ExitCode.environment,
  STAMPEDE_MISSING_BINARY: ExitCode.environment,
  STAMPEDE_CACHE_START: ExitCode.environment,
  STAMPEDE_CACHE_ACTION: ExitCode.environment,
  STAMPEDE_SHARD_START: ExitCode.environment,
  STAMPEDE_CLOCK_OFFSET: ExitCode.environment,
  STAMPEDE_INTERRUPTED: ExitCode.interrupted,
};

export function exitCodeFor(err: unknown): ExitCode {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (exitCodeByErrorCode[code] ?? ExitCode.internal) : ExitCode.internal;
}
