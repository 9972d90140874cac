/**
 * The built CLI (dist/cli.js) as a child process, the way a user runs it, for the end-to-end command tests: its
 * exit code and everything it printed. CI=true, so no progress display. Needs `pnpm build` first.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BUILT_CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBuiltCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, CI: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
