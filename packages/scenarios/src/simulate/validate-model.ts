/**
 * The model against reality (issue 11 item 3): one scenario's measured report next to its simulated one, metric by
 * metric, with the error and whether it is within bounds. Pure: two Reports -> a plain record.
 *
 * Bounds: within 15% of the measured value; recovery within one bucket. Counts (client 503s, origin arrivals) have
 * a floor: a difference of at most 0.1% of the run's requests (the catalog's rate503 threshold) is noise, not model
 * error, so 0 vs 3 of 20,000 requests is within. No value on both sides (no recovery, no amplification) agrees; a
 * value on one side only does not.
 */
import type { Report } from '../record/report.js';
import { bucketWidthMs } from '../record/bucket-width.js';

/** the relative bound of every metric but recovery */
export const MODEL_TOLERANCE = 0.15;
/** counts: differences up to this share of the requests are within */
export const COUNT_FLOOR = 0.001;

export type ModelMetric = 'client503' | 'originArrivals' | 'amplification' | 'recoveryS' | 'hitRatioMin';

export const MODEL_METRICS: readonly { metric: ModelMetric; label: string }[] = [
  { metric: 'client503', label: 'client 503s' },
  { metric: 'originArrivals', label: 'origin arrivals' },
  { metric: 'amplification', label: 'amplification' },
  { metric: 'recoveryS', label: 'recovery s' },
  { metric: 'hitRatioMin', label: 'hit ratio min' },
];

export interface MetricComparison {
  metric: ModelMetric;
  real: number | null;
  simulated: number | null;
  /** recoveryS: simulated - real in seconds; others: (simulated - real) / real; null when not defined */
  error: number | null;
  within: boolean;
}

export interface ScenarioValidation {
  scenario: string;
  cache: string;
  metrics: MetricComparison[];
  within: boolean;
}

/** The five values the validation compares, from one report. */
export function modelMetrics(r: Report): Record<ModelMetric, number | null> {
  const s = r.summary;
  return {
    client503: s.status['503'],
    originArrivals: s.origin.arrivals,
    amplification: s.amplification,
    recoveryS: s.recovery.recovered ? s.recovery.seconds : null,
    hitRatioMin: s.hitRatio.min,
  };
}

export function validateModel(real: Report, simulated: Report): ScenarioValidation {
  const r = modelMetrics(real);
  const m = modelMetrics(simulated);
  const bucketS = (real.series.length > 1 ? bucketWidthMs(real.series) : 1000) / 1000;
  const countFloor = COUNT_FLOOR * real.summary.requests;
  const metrics = MODEL_METRICS.map(({ metric }): MetricComparison => {
    const a = r[metric];
    const b = m[metric];
    if (a === null || b === null) return { metric, real: a, simulated: b, error: null, within: a === b };
    if (metric === 'recoveryS') return { metric, real: a, simulated: b, error: b - a, within: Math.abs(b - a) <= bucketS + 1e-9 };
    const diff = Math.abs(b - a);
    const floor = metric === 'client503' || metric === 'originArrivals' ? countFloor : 0;
    const error = a === 0 ? (b === 0 ? 0 : null) : (b - a) / Math.abs(a);
    return { metric, real: a, simulated: b, error, within: diff <= MODEL_TOLERANCE * Math.abs(a) + 1e-12 || diff <= floor };
  });
  return { scenario: real.scenario.name, cache: real.cache.kind, metrics, within: metrics.every((c) => c.within) };
}
