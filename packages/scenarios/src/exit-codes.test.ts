import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ExitCode, exitCodeByErrorCode, exitCodeFor } from './exit-codes.js';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every `code = 'STAMPEDE_…'` / `code: 'STAMPEDE_…'` the packages raise. */
function raisedCodes(): string[] {
  const codes = new Set<string>();
  for (const pkg of ['loadgen', 'fake-backend', 'scenarios']) {
    for (const file of sources(join(packagesDir, pkg, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/code\s*[:=]\s*'(STAMPEDE_[A-Z_]+)'/g)) codes.add(m[1]!);
    }
  }
  return [...codes].sort();
}

describe('error codes', () => {
  const documented = readFileSync(new URL('../ERRORS.md', import.meta.url), 'utf8');
  const codes = raisedCodes();

  test('the scan finds the codes (a scan that finds nothing would pass vacuously)', () => {
    expect(codes).toEqual(expect.arrayContaining(['STAMPEDE_SPEC', 'STAMPEDE_LOAD_SPEC', 'STAMPEDE_BACKEND_OPTIONS']));
  });

  test.each(codes)('%s is documented in ERRORS.md with its exit code', (code) => {
    const row = documented.split('\n').find((line) => line.startsWith(`| \`${code}\``));
    expect(row, `${code} missing from ERRORS.md`).toBeDefined();
    const exit = Number(row!.split('|')[2]!.trim());
    expect(exitCodeFor({ code })).toBe(exit);
  });

  test('codes that are not usage/environment/interrupt errors are internal (70)', () => {
    expect(exitCodeFor({ code: 'STAMPEDE_LOAD_WORKER' })).toBe(ExitCode.internal);
    expect(exitCodeFor(new Error('plain'))).toBe(ExitCode.internal);
    expect(Object.values(exitCodeByErrorCode).every((c) => [2, 3, 4].includes(c))).toBe(true);
  });
});
