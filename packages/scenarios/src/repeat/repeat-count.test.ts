import { describe, expect, test } from 'vitest';
import { UsageError } from '../usage/usage-error.js';
import { repeatCount } from './repeat-count.js';

describe('repeatCount', () => {
  test.each([1, 2, 50])('%d is fine', (n) => expect(repeatCount(n)).toBe(n));
  test.each<[unknown, string]>([
    [0, '--repeat must be a whole number from 1 to 50 (got 0)'],
    [51, '--repeat must be a whole number from 1 to 50 (got 51)'],
    [2.5, '--repeat must be a whole number from 1 to 50 (got 2.5)'],
    [Number.NaN, '--repeat must be a whole number from 1 to 50 (got not a number)'],
  ])('%s is refused with a usage error', (value, problem) => {
    let error: unknown;
    try {
      repeatCount(value);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('STAMPEDE_USAGE');
    expect((error as UsageError).problems).toEqual([problem]);
  });
});
