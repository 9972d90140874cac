/**
 * A metric's value, or a change in it, in the metric's own unit: `1.5%`, `+0.52pp`, `11.75 s`, `18.4×`, `460`.
 * Locale-free (report/format.ts), so gate output and its snapshots are the same on every machine. Pure.
 */
import { formatMs, formatNumber, formatPerSec, formatTimes, formatValue } from '../report/format.js';
import type { MetricUnit } from './metric-traits.js';

export function formatMetricValue(value: number | boolean, unit: MetricUnit): string {
  if (typeof value === 'boolean') return String(value);
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'ratio':
      // three significant digits: a gate compares 1.53% with a 1.92% limit, where "1.5%" would hide the margin
      return `${Number((value * 100).toPrecision(3))}%`;
    case 'seconds':
      return `${formatValue(value)} s`;
    case 'ms':
      return formatMs(value);
    case 'times':
      return formatTimes(value);
    case 'perSec':
      return formatPerSec(value);
    case 'count':
    case 'boolean':
      return formatNumber(value, Number.isInteger(value) ? 0 : 1);
  }
}

/** A difference, signed (`+3`, `-0.25 s`); ratios in percentage points (`+0.52pp`). `0` for no change. */
export function formatMetricDelta(delta: number, unit: MetricUnit): string {
  if (delta === 0) return '0';
  const sign = delta > 0 ? '+' : '-';
  return `${sign}${formatMagnitude(Math.abs(delta), unit)}`;
}

/** An amount in the metric's unit without a sign: `0.1pp`, `3 s`, `10`. */
export function formatMagnitude(amount: number, unit: MetricUnit): string {
  if (unit === 'ratio') {
    return `${Number((amount * 100).toPrecision(3))}pp`;
  }
  return formatMetricValue(amount, unit);
}
