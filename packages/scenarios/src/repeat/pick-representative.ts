/**
 * Which of N repeated runs stands for the set in report.json (its series, events and charts): the run whose ranks
 * on the headline outcomes are closest to the middle. Ranks rather than values, so metrics of different units weigh
 * the same and one outlier cannot dominate. Ties go to the later run. Pure.
 */
import type { RepeatStats } from '../record/report.js';

/** The outcomes a reader looks at first; a run in the middle on these looks like the typical run. */
export const HEADLINE_METRICS = ['rate503', 'recovery.seconds', 'origin.arrivals', 'amplification', 'latencyMs.incident.p99'] as const;

/** Index (0-based, run order) of the most typical run. */
export function pickRepresentative(stats: RepeatStats): number {
  const n = stats.n;
  const distance = new Array<number>(n).fill(0);
  for (const metric of HEADLINE_METRICS) {
    const values = stats.metrics[metric]?.values;
    if (values === undefined || values.length !== n) continue;
    const ranks = rank(values);
    const middle = (n - 1) / 2;
    ranks.forEach((r, i) => (distance[i] = (distance[i] as number) + Math.abs(r - middle)));
  }
  let best = n - 1;
  for (let i = n - 2; i >= 0; i--) if ((distance[i] as number) < (distance[best] as number)) best = i;
  return best;
}

/**
 * Fractional ranks 0..n-1 (ties share the mean rank). A null — no value, e.g. never recovered — ranks above every
 * number: for every headline metric more is worse, and "never" is the worst recovery.
 */
function rank(values: readonly (number | null)[]): number[] {
  const key = (v: number | null) => (v === null ? Infinity : v);
  const order = values.map((v, i) => ({ v: key(v), i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && (order[end + 1] as { v: number }).v === (order[start] as { v: number }).v) end++;
    for (let k = start; k <= end; k++) ranks[(order[k] as { i: number }).i] = (start + end) / 2;
    start = end + 1;
  }
  return ranks;
}
