#!/usr/bin/env node
// The `stampede` executable. It is plain JavaScript outside dist/ on purpose: `pnpm install` links package bins
// (node_modules/.bin/stampede) before `pnpm build` has made dist/, and pnpm skips a bin whose file does not exist.
// The shim pnpm writes execs node on this file, so signals reach stampede directly and its exit code is the shell's.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('stampede: not built yet: run pnpm build in the repository root first\n');
  process.exit(3);
}
const { runProcess } = await import(cli.href);
runProcess();
