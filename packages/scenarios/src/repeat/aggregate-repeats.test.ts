import { describe, expect, test } from 'vitest';
import { observeMetric } from '../gate/observe-metric.js';
import { readRepeatStats } from '../gate/read-repeat-stats.js';
import { readReport } from '../record/report-json.js';
import type { ReportSummary } from '../record/report.js';
import { aggregateRepeats, metricStats } from './aggregate-repeats.js';
import { fixtureRun, type RunEdit } from './testing/fixture-run.js';

describe('metricStats', () => {
  test.each<[string, (number | null)[], Omit<ReturnType<typeof metricStats>, 'values'>]>([
    ['one value', [5], { median: 5, min: 5, max: 5, mad: 0 }],
    ['odd count', [3, 1, 2], { median: 2, min: 1, max: 3, mad: 1 }],
    ['even count: mean of the middle two', [1, 2, 4, 10], { median: 3, min: 1, max: 10, mad: 1.5 }],
    ['nulls left out of the statistics', [null, 4, 6, null], { median: 5, min: 4, max: 6, mad: 1 }],
    ['all null', [null, null], { median: null, min: null, max: null, mad: null }],
    ['an outlier moves max, barely the median or MAD', [10, 11, 12, 1000], { median: 11.5, min: 10, max: 1000, mad: 1 }],
  ])('%s', (_, values, expected) => {
    expect(metricStats(values)).toEqual({ ...expected, values });
  });
});

describe('aggregateRepeats', () => {
  const summaries = (edits: RunEdit[]): ReportSummary[] => edits.map((e) => fixtureRun(e).summary);

  test('every metric, one value per run; booleans as 1/0; never-recovered as null', () => {
    const stats = aggregateRepeats(summaries([{ rate503: 0.01, recovery: 4 }, { rate503: 0.03, recovery: null }, { rate503: 0.02, recovery: 6 }]));
    expect(stats.n).toBe(3);
    expect(stats.metrics['rate503']).toEqual({ median: 0.02, min: 0.01, max: 0.03, mad: expect.closeTo(0.01, 12), values: [0.01, 0.03, 0.02] });
    expect(stats.metrics['recovery.recovered']?.values).toEqual([1, 0, 1]);
    expect(stats.metrics['recovery.seconds']).toEqual({ median: 5, min: 4, max: 6, mad: 1, values: [4, null, 6] });
    expect(Object.keys(stats.metrics)).toContain('latencyMs.incident.p99');
  });

  test('what it writes is what the gate reads back', () => {
    const r = fixtureRun();
    r.repeat = aggregateRepeats(summaries([{ recovery: 4 }, { recovery: null }, { recovery: 6 }]));
    const read = readRepeatStats(readReport(JSON.stringify(r)), 'r.json');
    expect(read).toEqual(r.repeat);
    // the gate reads "never" as the worst: the median of 4, never, 6 is 6
    expect(observeMetric(r.summary, read, 'recovery.seconds')).toMatchObject({ value: 6, runs: 3 });
  });

  test('no runs: a programming error', () => {
    expect(() => aggregateRepeats([])).toThrow(RangeError);
  });
});
