/** A finished capacity search over a made-up system (passes up to 612 req/s), for the renderer tests. */
import type { CapacitySearchOptions } from '../../capacity/capacity-options.js';
import { searchCapacity, type CapacityResult } from '../../capacity/search-capacity.js';

export function fakeOutcome(value: number, limit = 612) {
  const pass = value <= limit;
  const rate503 = pass ? 0 : Math.min(0.9, (value - limit) / value);
  return {
    pass,
    rate503,
    recovered: value <= limit * 1.5,
    recoverySeconds: value <= limit * 1.5 ? Math.round((2 + value / 200) * 100) / 100 : null,
    runId: `probe-${Math.round(value)}`,
    ...(pass ? {} : { failures: [{ metric: 'rate503', op: '<', limit: 0.001, actual: rate503 }] }),
  };
}

export function fakeSearch(options: Partial<CapacitySearchOptions> = {}): Promise<CapacityResult> {
  return searchCapacity({ vary: 'rate', from: 100, to: 1600, probeSeconds: 30, ...options }, async (v) => fakeOutcome(v));
}
