import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './did-you-mean.js';

describe('did you mean', () => {
  it.each([
    ['concurency', ['concurrency', 'queue', 'contention'], 'concurrency'],
    ['rate_503', ['rate503', 'peak503PerSec'], 'rate503'],
    ['rtae503', ['rate503'], 'rate503'],
    ['varnsh', ['embedded', 'varnish', 'nginx'], 'varnish'],
    ['GLOBAL-PURG', ['global-purge', 'cold-restart'], 'global-purge'],
    ['baseline', ['baselineS', 'timeline'], 'baselineS'],
    ['zzz', ['global-purge', 'cold-restart'], undefined],
    ['x', [], undefined],
  ])('%s among %j -> %s', (input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });

  it('formats the hint or nothing', () => {
    expect(didYouMean('queu', ['queue'])).toBe('; did you mean queue?');
    expect(didYouMean('qqqqqqq', ['queue'])).toBe('');
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
