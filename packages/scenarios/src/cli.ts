#!/usr/bin/env node
/**
 * The stampede CLI: the only module that knows argv, stdout/stderr and exit codes.
 * Each command lives in commands/<name>.ts; errors carry a stable `code` mapped in exit-codes.ts.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import type { CommandIo, StampedeCommand } from './commands/command.js';
import { commands } from './commands/index.js';

export async function main(argv: string[], io: CommandIo): Promise<number> {
  let exitCode: number = ExitCode.pass;
  let usageError: string | undefined;
  let parser: Argv = yargs(argv)
    .scriptName('stampede')
    .usage('$0 <command> [options]\n\nReproduce cache stampedes on purpose, on loopback.')
    .strict()
    .demandCommand(1, 'Name a command: see stampede --help')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .help()
    .alias('h', 'help')
    .version(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageError = msg;
    });
  for (const c of commands as StampedeCommand<any>[]) {
    parser = parser.command(c.command, c.describe, c.builder, async (args) => {
      exitCode = await c.handler(args, io);
    });
  }
  try {
    await parser.parseAsync();
  } catch (err) {
    const code = exitCodeFor(err);
    io.stderr.write(`stampede: ${(err as Error).message ?? String(err)}\n`);
    if (code === ExitCode.internal && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return code;
  }
  if (usageError !== undefined) {
    io.stderr.write(`stampede: ${usageError} (see --help)\n`);
    return ExitCode.usage;
  }
  return exitCode;
}

/**
 * Runs the CLI as this process: argv, stdio, SIGINT/SIGTERM (the first stops gracefully, a second forces exit 4) and
 * the exit code. The `stampede` executable (bin/stampede.js) calls it; so does `node dist/cli.js`.
 */
export function runProcess(): void {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      process.stderr.write(`stampede: second ${sig}, forcing exit\n`);
      process.exit(ExitCode.interrupted);
    }
    process.stderr.write(`stampede: ${sig} received, stopping (press Ctrl-C again to force)\n`);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CommandIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal };
  main(hideBin(process.argv), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`stampede: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = ExitCode.internal;
    },
  );
}

const isEntry = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) runProcess();
