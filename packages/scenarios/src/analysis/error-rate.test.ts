import type { StatusCounts } from '../record/report.js';
import { describe, expect, it } from 'vitest';
import { errorRate } from './error-rate.js';

const status = (over: Partial<StatusCounts>): StatusCounts => ({
  '2xx': 0, '503': 0, '5xx': 0, '4xx': 0, timeout: 0, connError: 0, ...over,
});

describe('errorRate', () => {
  it.each([
    { name: 'all good', s: status({ '2xx': 100 }), expected: 0 },
    { name: '503', s: status({ '2xx': 90, '503': 10 }), expected: 0.1 },
    { name: 'other 5xx', s: status({ '2xx': 90, '5xx': 10 }), expected: 0.1 },
    { name: 'timeouts count, in both numerator and denominator', s: status({ '2xx': 90, timeout: 10 }), expected: 0.1 },
    { name: 'connection errors count', s: status({ '2xx': 75, connError: 25 }), expected: 0.25 },
    { name: '4xx are responses but not errors', s: status({ '2xx': 50, '4xx': 50 }), expected: 0 },
    { name: 'no outcome at all: null (unknown, never healthy)', s: status({}), expected: null },
  ])('$name', ({ s, expected }) => {
    expect(errorRate(s)).toBe(expected);
  });
});
