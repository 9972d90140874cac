import { describe, expect, it } from 'vitest';
import {
  formatInt,
  formatMs,
  formatPercent,
  formatPerSec,
  formatRelative,
  formatSeconds,
  formatTimes,
  formatUnknown,
  formatValue,
} from './format.js';

describe('format', () => {
  it.each<[string, string, string]>([
    ['formatInt', formatInt(30000), '30,000'],
    ['formatInt rounds', formatInt(1234567.6), '1,234,568'],
    ['formatInt small', formatInt(7), '7'],
    ['formatInt negative', formatInt(-4200), '-4,200'],
    ['formatInt negative zero', formatInt(-0.2), '0'],
    ['formatPercent', formatPercent(0.95), '95.0%'],
    ['formatPercent small', formatPercent(0.0004), '0.04%'],
    ['formatPercent zero', formatPercent(0), '0%'],
    ['formatMs small', formatMs(8), '8.00 ms'],
    ['formatMs mid', formatMs(12.34), '12.3 ms'],
    ['formatMs large', formatMs(1500.4), '1,500 ms'],
    ['formatSeconds', formatSeconds(11.7), '11.7 s'],
    ['formatRelative', formatRelative(20.3), '+20.30 s'],
    ['formatRelative negative', formatRelative(-0.5), '-0.50 s'],
    ['formatPerSec big', formatPerSec(2000), '2,000/s'],
    ['formatPerSec mid', formatPerSec(25.25), '25.3/s'],
    ['formatPerSec small', formatPerSec(2.5), '2.50/s'],
    ['formatPerSec integer', formatPerSec(25), '25/s'],
    ['formatTimes', formatTimes(80), '80.0×'],
    ['formatTimes big', formatTimes(123.4), '123×'],
    ['formatValue number', formatValue(0.0800000001), '0.08'],
    ['formatValue big', formatValue(12345.678), '12346'],
    ['formatValue boolean', formatValue(true), 'true'],
    ['formatValue null', formatValue(null), 'null'],
    ['formatUnknown string', formatUnknown('zipf'), 'zipf'],
    ['formatUnknown kind', formatUnknown({ kind: 'zipf', s: 1.1 }), 'zipf (s=1.1)'],
    ['formatUnknown kind only', formatUnknown({ kind: 'uniform' }), 'uniform'],
    ['formatUnknown flat', formatUnknown({ a: 1, b: 'x', c: null }), 'a=1, b=x, c=null'],
    ['formatUnknown nested', formatUnknown({ a: { b: 1 } }), '{"a":{"b":1}}'],
    ['formatUnknown array', formatUnknown([1, 2]), '[1,2]'],
    ['formatUnknown number', formatUnknown(5), '5'],
    ['formatUnknown cut', formatUnknown('x'.repeat(100), 10), 'xxxxxxxxx…'],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});
