import { expect } from 'vitest';
import { LoadSpecError } from '../src/errors.js';

/** The problems of the LoadSpecError that `fn` throws (the test fails if it throws anything else, or nothing). */
export function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LoadSpecError);
    expect((err as LoadSpecError).code).toBe('STAMPEDE_LOAD_SPEC');
    return (err as LoadSpecError).problems;
  }
  throw new Error('expected a LoadSpecError');
}
