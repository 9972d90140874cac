import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readReport } from '../record/report-json.js';
import type { Report } from '../record/report.js';
import { ReportFileError } from '../record/report-file-error.js';
import { readRepeatStats } from './read-repeat-stats.js';

const FIXTURE = readFileSync(new URL('../report/fixtures/global-purge.report.json', import.meta.url), 'utf8');

function withRepeat(repeat: unknown): Report {
  return readReport(JSON.stringify({ ...JSON.parse(FIXTURE), repeat }), 'r.json');
}

const stats = (values: (number | null)[]) => ({ median: 1, min: 0, max: 1, mad: 0, values });

describe('readRepeatStats', () => {
  test('none: undefined', () => {
    expect(readRepeatStats(readReport(FIXTURE), 'r.json')).toBeUndefined();
  });

  test('valid statistics survive a report.json round trip, unknown metrics kept', () => {
    const repeat = { n: 2, metrics: { rate503: stats([0.01, 0.02]), 'recovery.recovered': stats([1, null]), futureMetric: stats([3, 4]) } };
    expect(readRepeatStats(withRepeat(repeat), 'r.json')).toEqual(repeat);
  });

  test.each<[string, unknown, string[]]>([
    ['not an object', 5, ['repeat: expected object, received number']],
    ['n missing, metrics not a record', { metrics: [] }, ['repeat.n: expected number, received undefined', 'repeat.metrics: expected record, received array']],
    ['n = 0', { n: 0, metrics: {} }, ['repeat.n: Too small: expected number to be >=1']],
    ['a string value', { n: 2, metrics: { rate503: stats([0.01, '0.02' as unknown as number]) } }, ['repeat.metrics.rate503.values.1: expected number, received string']],
    ['too few values', { n: 3, metrics: { rate503: stats([0.01, 0.02]) } }, ['repeat.metrics.rate503.values: has 2 values for n = 3 runs']],
    ['boolean as 2', { n: 2, metrics: { 'recovery.recovered': stats([1, 2]) } }, ['repeat.metrics.recovery.recovered.values: recovery.recovered is true/false, recorded as 1 or 0 per run']],
  ])('%s: a spec error naming the file and each path', (_, repeat, problems) => {
    let error: unknown;
    try {
      readRepeatStats(withRepeat(repeat), 'runs/x/report.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ReportFileError);
    expect((error as ReportFileError).code).toBe('STAMPEDE_SPEC');
    expect((error as ReportFileError).file).toBe('runs/x/report.json');
    expect((error as ReportFileError).problems).toEqual(problems);
  });
});
