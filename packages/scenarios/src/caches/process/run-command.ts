/**
 * Run a short command (varnishadm, varnishstat, nginx -t, an external cache's purge command) to completion with
 * a timeout, capturing its output. A non-zero exit is returned, not thrown: the caller knows what it means.
 */
import { execFile } from 'node:child_process';
import { MissingBinaryError } from '../errors.js';

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
export function runCommand(file: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        env: options.env ?? process.env,
        cwd: options.cwd,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err === null) {
          resolve({ code: 0, stdout, stderr, timedOut: false });
          return;
        }
        const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string | null };
        if (e.code === 'ENOENT' || e.code === 'EACCES') {
          reject(new MissingBinaryError(file, options.installCommand, { cause: err }));
          return;
        }
        if (typeof e.code === 'number' || e.killed === true || e.signal != null) {
          resolve({
            code: typeof e.code === 'number' ? e.code : null,
            stdout,
            stderr,
            timedOut: e.killed === true && e.signal === 'SIGKILL',
          });
          return;
        }
        reject(err);
      },
    );
  });
}
