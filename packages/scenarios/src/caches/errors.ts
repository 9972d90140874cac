/**
 * Every error the cache adapters throw on purpose. Each has a stable `code`; the CLI maps codes to exit codes
 * (../exit-codes.ts) and never matches on messages. Messages name the option or the fix.
 */

/** One validation problem: the option path (`grace.seconds`) and the full sentence naming it. */
export interface CacheOptionProblem {
  path: string;
  /** `<path> <what is wrong> (got X)` */
  message: string;
}

/** Bad cache options, or a scenario asking an adapter for something it cannot do. Code `STAMPEDE_SPEC` (exit 2). */
export class CacheOptionsError extends Error {
  readonly code = 'STAMPEDE_SPEC';
  readonly problems: readonly CacheOptionProblem[];

  constructor(problems: readonly CacheOptionProblem[], subject = 'cache options') {
    const list = problems.map((p) => `  - ${p.message}`).join('\n');
    super(`invalid ${subject} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${list}`);
    this.name = 'CacheOptionsError';
    this.problems = problems;
  }
}

/** A scenario needs a capability the chosen cache lacks (see requireCapability). Code `STAMPEDE_SPEC` (exit 2). */
export class UnsupportedCapabilityError extends Error {
  readonly code = 'STAMPEDE_SPEC';
  readonly capability: string;
  readonly cacheKind: string;

  constructor(message: string, capability: string, cacheKind: string) {
    super(message);
    this.name = 'UnsupportedCapabilityError';
    this.capability = capability;
    this.cacheKind = cacheKind;
  }
}

/** varnishd, varnishadm, varnishstat or nginx is not installed. Code `STAMPEDE_MISSING_BINARY` (exit 3). */
export class MissingBinaryError extends Error {
  readonly code = 'STAMPEDE_MISSING_BINARY';
  readonly binary: string;
  /** e.g. `apt-get install -y varnish` */
  readonly installCommand: string;

  constructor(binary: string, installCommand: string, options?: { cause?: unknown }) {
    super(
      `${binary} was not found or is not executable; install it (Debian/Ubuntu: ${installCommand}) ` +
        `or use --cache embedded, which needs nothing installed`,
      options,
    );
    this.name = 'MissingBinaryError';
    this.binary = binary;
    this.installCommand = installCommand;
  }
}

/**
 * The cache did not come up: bad VCL or nginx.conf, port taken, crashed child, timeout.
 * `output` is the cache's own stdout/stderr (e.g. the VCC compiler message), also quoted in the message.
 * Code `STAMPEDE_CACHE_START` (exit 3).
 */
export class CacheStartError extends Error {
  readonly code = 'STAMPEDE_CACHE_START';
  readonly cacheKind: string;
  readonly output: string;

  constructor(cacheKind: string, reason: string, output = '', options?: { cause?: unknown }) {
    const quoted = output.trim() === '' ? '' : `\n--- ${cacheKind} output ---\n${output.trim()}\n---`;
    super(`${cacheKind} cache failed to start: ${reason}${quoted}`, options);
    this.name = 'CacheStartError';
    this.cacheKind = cacheKind;
    this.output = output;
  }
}

/**
 * A cache action failed while the cache was running: purge, ban, restart, config reload (e.g. a new VCL that does
 * not compile, a purge command that exited non-zero). `output` is what the cache or command said.
 * Code `STAMPEDE_CACHE_ACTION` (exit 3: the environment, not the verdict, failed).
 */
export class CacheActionError extends Error {
  readonly code = 'STAMPEDE_CACHE_ACTION';
  readonly cacheKind: string;
  readonly action: string;
  readonly output: string;

  constructor(cacheKind: string, action: string, reason: string, output = '', options?: { cause?: unknown }) {
    const quoted = output.trim() === '' ? '' : `\n--- ${cacheKind} output ---\n${output.trim()}\n---`;
    super(`${cacheKind} cache: ${action} failed: ${reason}${quoted}`, options);
    this.name = 'CacheActionError';
    this.cacheKind = cacheKind;
    this.action = action;
    this.output = output;
  }
}
