import { describe, expect, test } from 'vitest';
import { METRIC_PATHS, type MetricPath } from '../thresholds/metrics.js';
import { metricTraits, type MetricTraits } from './metric-traits.js';

describe('metricTraits', () => {
  test.each<[MetricPath, MetricTraits]>([
    ['rate503', { direction: 'higher-is-worse', unit: 'ratio', nullMeans: 'absent' }],
    ['status.503', { direction: 'higher-is-worse', unit: 'count', nullMeans: 'absent' }],
    ['status.2xx', { direction: 'lower-is-worse', unit: 'count', nullMeans: 'absent' }],
    ['origin.arrivals', { direction: 'higher-is-worse', unit: 'count', nullMeans: 'absent' }],
    ['amplification', { direction: 'higher-is-worse', unit: 'times', nullMeans: 'absent' }],
    ['retry.amplification', { direction: 'higher-is-worse', unit: 'times', nullMeans: 'absent' }],
    ['retry.retries', { direction: 'higher-is-worse', unit: 'count', nullMeans: 'absent' }],
    ['recovery.recovered', { direction: 'lower-is-worse', unit: 'boolean', nullMeans: 'absent' }],
    ['recovery.seconds', { direction: 'higher-is-worse', unit: 'seconds', nullMeans: 'worst' }],
    ['rewarm.seconds', { direction: 'higher-is-worse', unit: 'seconds', nullMeans: 'worst' }],
    ['hitRatio.baseline', { direction: 'lower-is-worse', unit: 'ratio', nullMeans: 'absent' }],
    ['hitRatio.min', { direction: 'lower-is-worse', unit: 'ratio', nullMeans: 'absent' }],
    ['baseline.hitRatio', { direction: 'lower-is-worse', unit: 'ratio', nullMeans: 'absent' }],
    ['baseline.errorRate', { direction: 'higher-is-worse', unit: 'ratio', nullMeans: 'absent' }],
    ['latencyMs.incident.p99', { direction: 'higher-is-worse', unit: 'ms', nullMeans: 'absent' }],
    ['generator.scheduleLagP99Ms', { direction: 'higher-is-worse', unit: 'ms', nullMeans: 'absent' }],
    ['generator.saturated', { direction: 'higher-is-worse', unit: 'boolean', nullMeans: 'absent' }],
    ['peak503PerSec', { direction: 'higher-is-worse', unit: 'perSec', nullMeans: 'absent' }],
    ['baseline.originRatePerS', { direction: 'higher-is-worse', unit: 'perSec', nullMeans: 'absent' }],
  ])('%s', (metric, traits) => {
    expect(metricTraits(metric)).toEqual(traits);
  });

  test('every metric has traits', () => {
    for (const m of METRIC_PATHS) expect(metricTraits(m).unit, m).toBeTypeOf('string');
  });
});
