/**
 * Run a short command (varnishadm, varnishstat, nginx -t, an external cache's purge command) to completion with
 * a timeout, capturing its output. A non-zero exit is returned, not thrown: the caller knows what it means.
 * It runs from the command helper (command-helper.ts), so that this process, which hosts the fake origin, never
 * forks while it measures; here only when the helper cannot run it.
 */
import { execFile } from 'node:child_process';
import { MissingBinaryError } from '../errors.js';
import { runInHelper, type CommandAnswer, type CommandRequest } from './command-helper.js';

export interface CommandResult {
  /** exit code; null when killed by a signal (the timeout included) */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs: number;
  /** how to install the binary, for MissingBinaryError */
  installCommand: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** @throws MissingBinaryError when `file` is missing or not executable */
export async function runCommand(file: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const request: CommandRequest = {
    file,
    args,
    timeoutMs: options.timeoutMs,
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };
  const answer = (await runInHelper(request)) ?? (await runHere(request));
  if ('errno' in answer) {
    if (answer.errno === 'ENOENT' || answer.errno === 'EACCES') {
      throw new MissingBinaryError(file, options.installCommand, { cause: new Error(answer.message) });
    }
    throw new Error(answer.message);
  }
  return answer;
}

/** The helper's execFile, in this process. */
function runHere(m: CommandRequest): Promise<CommandAnswer> {
  return new Promise((resolve) => {
    const options = {
      timeout: m.timeoutMs,
      killSignal: 'SIGKILL' as const,
      maxBuffer: 16 * 1024 * 1024,
      env: m.env ?? process.env,
      cwd: m.cwd,
      encoding: 'utf8' as const,
    };
    execFile(m.file, m.args, options, (err, stdout, stderr) => {
      if (err === null) return resolve({ code: 0, stdout, stderr, timedOut: false });
      const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string | null };
      if (typeof e.code === 'number' || e.killed === true || e.signal != null) {
        const code = typeof e.code === 'number' ? e.code : null;
        return resolve({ code, stdout, stderr, timedOut: e.killed === true && e.signal === 'SIGKILL' });
      }
      resolve({ errno: typeof e.code === 'string' ? e.code : undefined, message: e.message });
    });
  });
}
