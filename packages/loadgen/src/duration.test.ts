import { describe, expect, it } from 'vitest';
import { durationSeconds, formatDuration, parseDuration, parseDurationS } from './duration.js';
import { problemsOf } from '../test-support/problems-of.js';


describe('parseDuration', () => {
  it.each([
    [30, 30],
    [1.5, 1.5],
    [0, 0],
    ['30s', 30],
    ['2m', 120],
    ['1500ms', 1.5],
    ['1h', 3600],
    ['1m30s', 90],
    ['0.5s', 0.5],
    [' 45s ', 45],
    ['1h2m3s4ms', 3723.004],
    ['30', 30],
    ['.5s', 0.5],
    ['30S', 30],
  ])('%j -> %d s', (input, seconds) => {
    expect(parseDuration(input)).toEqual({ ok: true, seconds });
  });

  it.each([
    ['soon', 'must be a duration like 30s'],
    ['-5s', 'not negative'],
    [-5, 'not negative'],
    [Number.NaN, 'finite'],
    [Number.POSITIVE_INFINITY, 'finite'],
    ['30 s', 'must be a duration like 30s'],
    ['s', 'must be a duration like 30s'],
    ['5d', 'must be a duration like 30s'],
    [true, 'must be a duration like 30s'],
    [null, 'must be a duration like 30s'],
  ])('%j is refused: %s', (input, problem) => {
    const r = parseDuration(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain(problem);
  });

  it('durationSeconds throws a message naming the flag and the value', () => {
    expect(durationSeconds('2m', '--duration')).toBe(120);
    expect(() => durationSeconds('soon', '--duration')).toThrow('--duration must be a duration like 30s');
    expect(() => durationSeconds('soon', '--duration')).toThrow('(got "soon")');
  });

  it.each([
    [86_400, '24h'],
    [7200, '2h'],
    [120, '2m'],
    [90, '90s'],
    [10, '10s'],
    [0, '0s'],
    [1.5, '1500ms'],
  ])('formatDuration(%d) = %s, which parses back', (s, text) => {
    expect(formatDuration(s)).toBe(text);
    expect(parseDuration(text)).toEqual({ ok: true, seconds: s });
  });
});

describe('parseDurationS', () => {
  it.each([
    ['30s', 30],
    ['2m', 120],
    ['500ms', 0.5],
    ['1h', 3600],
    ['1.5', 1.5],
    ['45', 45],
    [' 10S ', 10],
    ['.5s', 0.5],
    [12, 12],
    // the generator's own parser used to refuse compound durations that scenario specs accept
    ['1m30s', 90],
    ['1h2m3s4ms', 3723.004],
  ])('%j -> %d s', (text, seconds) => {
    expect(parseDurationS(text)).toBeCloseTo(seconds, 9);
  });

  it.each(['', '0', '0s', '-5s', '10x', 'ten', '1e3', '30 s', '1m-30s'])('rejects %j, naming the option', (text) => {
    const [problem] = problemsOf(() => parseDurationS(text, '--duration'));
    expect(problem).toMatch(/^--duration must be a positive duration like 500ms, 30s, 2m, 1h or plain seconds \(got /);
  });
});
