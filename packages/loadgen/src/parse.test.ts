import { describe, expect, it } from 'vitest';
import { problemsOf } from '../test-support/problems-of.js';
import { parseDistribution } from './parse-distribution.js';
import { parseStages } from './parse-stages.js';


describe('parseDistribution', () => {
  it.each([
    ['uniform', { kind: 'uniform' }],
    ['zipf', { kind: 'zipf', s: 1.1 }],
    ['zipf:1.1', { kind: 'zipf', s: 1.1 }],
    ['ZIPF:0.8', { kind: 'zipf', s: 0.8 }],
    ['hotset:0.1:0.9', { kind: 'hotset', hotFraction: 0.1, hotTrafficFraction: 0.9 }],
  ])('%s', (text, distribution) => {
    expect(parseDistribution(text)).toEqual(distribution);
  });

  it.each(['pareto', 'zipf:x', 'zipf:1:2', 'zipf:-1', 'hotset:0.1', 'hotset:0:0.5', 'hotset:0.1:2', 'uniform:3', ''])(
    'rejects %j, naming --dist',
    (text) => {
      const [problem] = problemsOf(() => parseDistribution(text));
      expect(problem).toMatch(/^--dist /);
      expect(problem).toContain('use uniform, zipf:S');
    },
  );
});

describe('parseStages', () => {
  it('parses DURATION:RATE pairs', () => {
    expect(parseStages('10s:100, 20s:1000,500ms:0')).toEqual([
      { durationS: 10, targetRatePerS: 100 },
      { durationS: 20, targetRatePerS: 1000 },
      { durationS: 0.5, targetRatePerS: 0 },
    ]);
  });

  it('takes a compound stage duration, as a scenario spec does', () => {
    expect(parseStages('1m30s:100')).toEqual([{ durationS: 90, targetRatePerS: 100 }]);
  });

  it('reports every bad stage at once, naming the option', () => {
    expect(problemsOf(() => parseStages('10s:100,x:5,3s:-1,7'))).toEqual([
      '--stages stage 2 ("x:5") duration must be a positive duration like 500ms, 30s, 2m, 1h or plain seconds (got "x")',
      '--stages stage 3 ("3s:-1") rate must be a number >= 0 (got "-1")',
      '--stages stage 4 ("7") must be DURATION:RATE, e.g. 30s:500',
    ]);
  });
});
