import { describe, expect, it } from 'vitest';
import { timeOrigin } from './time-origin.js';

describe('timeOrigin', () => {
  it.each([
    { name: 'first bucket', r: { series: [{ t: 5000 }], events: [{ t: 1000 }], startedAt: '1970-01-01T00:00:00.000Z' }, expected: 5000 },
    { name: 'earliest event without series', r: { series: [], events: [{ t: 9000 }, { t: 7000 }], startedAt: '1970-01-01T00:00:00.000Z' }, expected: 7000 },
    { name: 'run start otherwise', r: { series: [], events: [], startedAt: '1970-01-01T00:00:01.000Z' }, expected: 1000 },
    { name: 'unparseable start: 0', r: { series: [], events: [], startedAt: 'soon' }, expected: 0 },
  ])('$name', ({ r, expected }) => {
    expect(timeOrigin(r as unknown as Parameters<typeof timeOrigin>[0])).toBe(expected);
  });
});
