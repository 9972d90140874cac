import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BackendOptionsError, PortInUseError } from './errors.js';

const here = new URL('./', import.meta.url);

describe('errors', () => {
  test('BackendOptionsError lists every problem in its message', () => {
    const e = new BackendOptionsError([
      { path: 'a', message: 'a must be x (got 1)' },
      { path: 'b', message: 'b must be y (got 2)' },
    ]);
    expect(e.code).toBe('STAMPEDE_BACKEND_OPTIONS');
    expect(e.message).toBe('invalid backend options (2 problems):\n  - a must be x (got 1)\n  - b must be y (got 2)');
  });

  test.each([
    ['port', '--port'],
    ['adminPort', '--admin-port'],
  ] as const)('PortInUseError for %s names the port, the flag and port 0', (option, flag) => {
    const e = new PortInUseError('127.0.0.1', 8080, option);
    expect(e.code).toBe('STAMPEDE_PORT_IN_USE');
    expect(e.message).toContain('port 8080 on 127.0.0.1 is already in use');
    expect(e.message).toContain(`${option} / ${flag}`);
    expect(e.message).toContain(`${flag} 0`);
  });

  test('every error code used in the sources is documented in the README', () => {
    const readme = readFileSync(new URL('../README.md', here), 'utf8');
    const codes = new Set<string>();
    for (const file of readdirSync(here)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      for (const m of readFileSync(new URL(file, here), 'utf8').matchAll(/'(STAMPEDE_[A-Z_]+)'/g)) codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(2);
    for (const code of codes) expect(readme, code).toContain(`\`${code}\``);
  });
});
