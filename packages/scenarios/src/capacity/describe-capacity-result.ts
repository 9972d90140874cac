/**
 * A capacity result in words, for the CLI to print: the answer first, then what qualifies it (not bracketed,
 * budget, non-monotonic probes). Pure.
 */
import { formatNumber, formatPercent } from '../report/format.js';
import type { CapacityResult } from './search-capacity.js';

export function formatCapacityValue(vary: CapacityResult['vary'], value: number): string {
  if (vary === 'origin.concurrency') return `${formatNumber(value)} slot${value === 1 ? '' : 's'}`;
  return `${formatNumber(value, value >= 100 ? 0 : value >= 10 ? 1 : 2)} req/s`;
}

/** One line each: the conclusion, then caveats. */
export function describeCapacityResult(r: CapacityResult): string[] {
  const v = (x: number) => formatCapacityValue(r.vary, x);
  const isRate = r.vary === 'rate';
  const what = isRate ? 'Highest passing rate' : 'Lowest origin concurrency that passes';
  const lines: string[] = [];
  const n = r.probes.length;
  const probes = `${n} probe${n === 1 ? '' : 's'}`;
  switch (r.outcome) {
    case 'found':
      lines.push(`${what}: ${v(r.boundary as number)} (fails at ${v(r.failedAt as number)}; ${probes}).`);
      break;
    case 'all-pass':
      lines.push(
        isRate
          ? `Passes across the whole range, even at ${v(r.hi)}: the limit is above it (not bracketed).`
          : `Passes across the whole range, even with ${v(r.lo)}: the limit is below it (not bracketed).`,
      );
      break;
    case 'all-fail':
      lines.push(
        isRate
          ? `Fails even at ${v(r.lo)}, the lowest rate tried: the limit is below it, or the scenario fails whatever the load (not bracketed).`
          : `Fails even with ${v(r.hi)}, the most tried: the limit is above it, or the scenario fails whatever the capacity (not bracketed).`,
      );
      break;
    case 'budget-exhausted':
    case 'interrupted': {
      const why = r.outcome === 'interrupted' ? 'Interrupted' : 'Probe budget used up';
      if (r.bracketed) {
        lines.push(`${why} after ${probes}: the limit lies between ${v(r.boundary as number)} (passes) and ${v(r.failedAt as number)} (fails).`);
      } else if (r.boundary !== null) {
        lines.push(`${why} after ${probes}: ${v(r.boundary)} passes; the limit was not bracketed.`);
      } else {
        lines.push(`${why} before any probe finished.`);
      }
      break;
    }
  }
  if (r.bracketed && !r.converged) {
    const res = isRate ? formatPercent(r.resolution) : v(r.resolution);
    lines.push(`Not within the resolution (${res}): raise the probe budget to narrow it.`);
  }
  if (r.monotonicity === 'violated') {
    const list = r.contradictions.map((p) => `${v(p.value)} ${p.outcome.pass ? 'passed' : 'failed'}`).join(', ');
    lines.push(
      `Not monotonic: ${list}, against the boundary. The outcome is noisy near the limit or the scenario does not ` +
        'degrade steadily; re-run with longer probes, or read the curve rather than the boundary.',
    );
  }
  return lines;
}
