/**
 * repeat statistics in one line for the terminal: the headline metrics as median ± MAD, in each metric's unit
 * (`rate503 1.53% ±0.2pp, recovery.seconds 4.2 s ±0.5 s (never in 1)`). Pure.
 */
import { formatMagnitude, formatMetricValue } from '../gate/format-metric.js';
import { metricTraits } from '../gate/metric-traits.js';
import type { RepeatStats } from '../record/report.js';
import { HEADLINE_METRICS } from './pick-representative.js';

export function describeRepeat(stats: RepeatStats): string {
  const parts: string[] = [];
  for (const metric of HEADLINE_METRICS) {
    const s = stats.metrics[metric];
    if (s === undefined) continue;
    const { unit } = metricTraits(metric);
    const nulls = s.values.filter((v) => v === null).length;
    const missing = nulls === 0 ? '' : ` (${metric.endsWith('.seconds') ? 'never' : 'n/a'} in ${nulls})`;
    if (s.median === null) {
      parts.push(`${metric} ${metric.endsWith('.seconds') ? 'never' : 'n/a'}`);
      continue;
    }
    parts.push(`${metric} ${formatMetricValue(s.median, unit)} ±${formatMagnitude(s.mad ?? 0, unit)}${missing}`);
  }
  return parts.join(', ');
}
