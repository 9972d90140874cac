import { describe, expect, test } from 'vitest';
import { HEALTH_PATH, isHealthRequest } from './health.js';

describe('isHealthRequest', () => {
  test.each([
    [HEALTH_PATH, true],
    [`${HEALTH_PATH}?probe=1`, true],
    [`${HEALTH_PATH}/x`, false],
    [`${HEALTH_PATH}x`, false],
    ['/items/__stampede/health', false],
    ['/', false],
    [undefined, false],
  ])('%s -> %s', (url, expected) => {
    expect(isHealthRequest(url)).toBe(expected);
  });
});
