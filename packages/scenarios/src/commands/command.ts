import type { Argv } from 'yargs';

/** What a command needs from the process: streams and env, injected so commands stay testable. */
export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /**
   * Aborted on SIGINT/SIGTERM. A measuring command (run, load) cut short stops cleanly, keeps what it measured and
   * returns ExitCode.interrupted; a server that runs until signalled (backend) returns 0.
   */
  signal: AbortSignal;
}

/**
 * One CLI command. `handler` returns the exit code; thrown errors are mapped by cli.ts via their stable `code`.
 * Options are declared in `builder` with a description each, so `--help` documents every one.
 */
export interface StampedeCommand<A = Record<string, unknown>> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<A>;
  handler: (args: A, io: CommandIo) => Promise<number>;
}

/** Progress display is on only for an interactive terminal, and never when CI=true or --json. */
export function wantsProgress(io: CommandIo, json: boolean): boolean {
  return !json && io.env.CI !== 'true' && Boolean(io.stdout.isTTY);
}
