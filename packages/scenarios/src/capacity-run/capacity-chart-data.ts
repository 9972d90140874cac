/**
 * The survivability curve capacity.html plots: one point per probe, the varied value on x (log scale for rates,
 * the scale the search bisects on), the probe's 503 rate and recovery time on y, passing and failing probes as
 * separate series so the boundary shows as a change of colour. Pure.
 */
import { formatCapacityValue } from '../capacity/describe-capacity-result.js';
import type { CapacityResult } from '../capacity/search-capacity.js';

export interface CapacityChartData {
  /** probed values, ascending (a value probed twice keeps its last probe) */
  x: number[];
  xLabel: string;
  log: boolean;
  /** percent */
  rate503: { pass: (number | null)[]; fail: (number | null)[]; all: (number | null)[] };
  /** seconds; null where the probe did not recover */
  recovery: { pass: (number | null)[]; fail: (number | null)[]; all: (number | null)[] };
  /** x of the probes that did not recover */
  noRecovery: number[];
  /** vertical lines: the boundary (passes) and the first failing value beyond it */
  markers: { x: number; label: string; kind: 'pass' | 'fail' }[];
}

export function capacityChartData(r: CapacityResult): CapacityChartData {
  const byValue = new Map(r.probes.map((p) => [p.value, p]));
  const probes = [...byValue.values()].sort((a, b) => a.value - b.value);
  const pct = (v: number) => Number((v * 100).toFixed(4));
  const split = (value: (p: (typeof probes)[number]) => number | null) => ({
    pass: probes.map((p) => (p.outcome.pass ? value(p) : null)),
    fail: probes.map((p) => (p.outcome.pass ? null : value(p))),
    all: probes.map(value),
  });
  const markers: CapacityChartData['markers'] = [];
  if (r.boundary !== null) markers.push({ x: r.boundary, label: `passes: ${formatCapacityValue(r.vary, r.boundary)}`, kind: 'pass' });
  if (r.failedAt !== null) markers.push({ x: r.failedAt, label: `fails: ${formatCapacityValue(r.vary, r.failedAt)}`, kind: 'fail' });
  return {
    x: probes.map((p) => p.value),
    xLabel: r.vary === 'rate' ? 'request rate (req/s)' : 'origin concurrency (slots)',
    log: r.vary === 'rate',
    rate503: split((p) => pct(p.outcome.rate503)),
    recovery: split((p) => (p.outcome.recovered ? p.outcome.recoverySeconds : null)),
    noRecovery: probes.filter((p) => !p.outcome.recovered).map((p) => p.value),
    markers,
  };
}
