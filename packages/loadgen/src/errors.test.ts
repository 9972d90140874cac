import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LoadSpecError, LoadWorkerError, RemoteTargetError } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('errors', () => {
  it.each([
    [new LoadSpecError(['a must be > 0 (got 0)']), 'STAMPEDE_LOAD_SPEC'],
    [new RemoteTargetError('example.com'), 'STAMPEDE_REMOTE_TARGET'],
    [new LoadWorkerError('worker 0 failed'), 'STAMPEDE_LOAD_WORKER'],
  ])('%s has code %s, documented in README.md', (error, code) => {
    expect(error.code).toBe(code);
    expect(readme).toContain(`| \`${code}\` |`);
  });

  it('LoadSpecError lists every problem in its message', () => {
    const error = new LoadSpecError(['x must be > 0 (got 0)', 'y is required']);
    expect(error.message).toBe('invalid load spec (2 problems):\n  - x must be > 0 (got 0)\n  - y is required');
    expect(new LoadSpecError(['y is required']).message).toBe('invalid load spec: y is required');
  });

  it('RemoteTargetError says how to allow the host', () => {
    expect(new RemoteTargetError('10.0.0.1').message).toContain('pass --allow-remote');
  });
});
