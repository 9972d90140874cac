import { describe, expect, test } from 'vitest';
import type { MetricPath } from '../thresholds/metrics.js';
import { judgeMetric, type RowVerdict } from './judge-metric.js';
import type { Observation } from './observe-metric.js';
import type { Tolerance } from './tolerance-band.js';

const one = (value: number | boolean | null, spread = 0, runs = 1): Observation => ({ value, spread, runs });
const pct = (relative: number, absolute = 0): Tolerance => ({ relative, absolute });

describe('judgeMetric', () => {
  test.each<[string, MetricPath, Observation, Observation, Tolerance | null, RowVerdict, number | boolean | null]>([
    ['exactly at the limit is not a regression', 'status.503', one(100), one(125), pct(0.25), 'ok', 125],
    ['float noise at the limit is not a regression', 'rate503', one(0.1), one(0.1 + 0.025000000000000001), pct(0.25), 'ok', 0.125],
    ['just beyond the limit is', 'status.503', one(100), one(125.5), pct(0.25), 'regression', 125],
    ['the floor wins over a small percentage', 'status.503', one(4), one(13), pct(0.25, 10), 'ok', 14],
    ['lower is worse: a drop beyond the band', 'hitRatio.min', one(0.5), one(0.3), pct(0.25), 'regression', 0.375],
    ['lower is worse: a rise is an improvement', 'hitRatio.min', one(0.5), one(0.7), pct(0.25), 'improvement', 0.375],
    ['noise widens the band: 3 × MAD', 'status.503', one(100, 20, 5), one(150, 5, 5), pct(0.25), 'ok', 160],
    ['the larger MAD of the two counts', 'status.503', one(100, 5, 5), one(150, 20, 5), pct(0.25), 'ok', 160],
    ['no tolerance: information only', 'latencyMs.incident.p99', one(10), one(1000), null, 'info', null],
    ['boolean: recovered true -> false', 'recovery.recovered', one(true), one(false), pct(0), 'regression', true],
    ['boolean: recovered false -> false is fine', 'recovery.recovered', one(false), one(false), pct(0), 'ok', null],
    ['boolean: saturated false -> true (true is worse)', 'generator.saturated', one(false), one(true), pct(0), 'regression', false],
    ['never: number -> null is a regression', 'rewarm.seconds', one(8), one(null), pct(0.25, 3), 'regression', 11],
    ['never: null -> number is an improvement', 'rewarm.seconds', one(null), one(8), pct(0.25, 3), 'improvement', null],
    ['never in either is unchanged', 'rewarm.seconds', one(null), one(null), pct(0.25, 3), 'ok', null],
    ['absent: number -> null cannot be verified', 'amplification', one(18), one(null), pct(0.25, 1), 'missing', 22.5],
    ['absent: null -> number has nothing to compare with', 'amplification', one(null), one(18), pct(0.25, 1), 'ok', null],
    ['absent in both', 'amplification', one(null), one(null), pct(0.25, 1), 'ok', null],
  ])('%s', (_, metric, baseline, current, tolerance, verdict, limit) => {
    const row = judgeMetric({ metric, baseline, current, tolerance, noiseK: 3 });
    expect(row.verdict).toBe(verdict);
    if (typeof limit === 'number') expect(row.limit).toBeCloseTo(limit, 9);
    else expect(row.limit).toBe(limit);
  });

  test('delta and relative change', () => {
    const row = judgeMetric({ metric: 'status.503', baseline: one(200), current: one(250), tolerance: pct(0.25), noiseK: 3 });
    expect(row).toMatchObject({ delta: 50, relative: 0.25, band: { tolerance: 50, noise: 0, allowed: 50 } });
    const fromZero = judgeMetric({ metric: 'status.503', baseline: one(0), current: one(3), tolerance: pct(0.25, 10), noiseK: 3 });
    expect(fromZero).toMatchObject({ delta: 3, relative: null, verdict: 'ok' });
  });
});
