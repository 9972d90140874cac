import { describe, expect, it } from 'vitest';
import { addStatusCounts, classifyStatus, emptyStatusCounts, responsesOf } from './status-class.js';

describe('classifyStatus', () => {
  it.each([
    [200, '2xx'],
    [204, '2xx'],
    [299, '2xx'],
    [301, '2xx'],
    [304, '2xx'],
    [400, '4xx'],
    [404, '4xx'],
    [429, '4xx'],
    [499, '4xx'],
    [500, '5xx'],
    [502, '5xx'],
    [503, '503'],
    [504, '5xx'],
    [599, '5xx'],
  ])('%i -> %s', (code, cls) => {
    expect(classifyStatus(code)).toBe(cls);
  });
});

it('adds counts and counts responses without timeouts and connection errors', () => {
  const a = { ...emptyStatusCounts(), '2xx': 5, '503': 2, timeout: 1 };
  const b = { ...emptyStatusCounts(), '2xx': 1, '4xx': 3, '5xx': 1, connError: 4 };
  const sum = addStatusCounts(a, b);
  expect(sum).toEqual({ '2xx': 6, '503': 2, '5xx': 1, '4xx': 3, timeout: 1, connError: 4 });
  expect(responsesOf(sum)).toBe(12);
});
