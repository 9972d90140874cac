import { describe, expect, test } from 'vitest';
import type { Report } from '../record/report.js';
import { combineVerdicts } from './combine-verdicts.js';

describe('combineVerdicts', () => {
  const fail = (metric: string, actual: number) => ({ pass: false, failures: [{ metric, op: '<', limit: 1, actual }] });
  test.each<[string, Report['verdict'][], Report['verdict']]>([
    ['all pass', [{ pass: true, failures: [] }, { pass: true, failures: [] }], { pass: true, failures: [] }],
    ['one fails: the set fails', [{ pass: true, failures: [] }, fail('rate503', 2)], fail('rate503', 2)],
    ['the same check failing twice is listed once, first actual', [fail('rate503', 2), fail('rate503', 3)], fail('rate503', 2)],
    ['different checks each listed', [fail('rate503', 2), fail('recovery.seconds', 9)], {
      pass: false,
      failures: [...fail('rate503', 2).failures, ...fail('recovery.seconds', 9).failures],
    }],
  ])('%s', (_, verdicts, expected) => {
    expect(combineVerdicts(verdicts)).toEqual(expected);
  });
});
