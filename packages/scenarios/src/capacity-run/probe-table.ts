/**
 * The probes of a capacity search as table rows of plain strings, in run order: what the terminal, capacity.md and
 * capacity.html all show. Pure.
 */
import { formatCapacityValue } from '../capacity/describe-capacity-result.js';
import type { CapacityProbe, CapacityResult } from '../capacity/search-capacity.js';
import { formatPercent, formatSeconds } from '../report/format.js';

export const PROBE_HEADER = ['#', 'role', 'value', 'verdict', '503 rate', 'recovery', 'failed checks'] as const;

export function probeRow(vary: CapacityResult['vary'], p: CapacityProbe): string[] {
  const o = p.outcome;
  return [
    String(p.index + 1),
    p.role,
    formatCapacityValue(vary, p.value),
    o.pass ? 'pass' : 'fail',
    formatPercent(o.rate503),
    o.recovered && o.recoverySeconds !== null ? formatSeconds(o.recoverySeconds) : 'did not recover',
    (o.failures ?? []).map((f) => `${f.metric} ${f.op} ${String(f.limit)}`).join('; '),
  ];
}

/** One probe on one line, as it completes: `probe 3/10 (bisect) at 400 req/s: pass, 503s 0.02%, recovery 4.0 s`. */
export function probeLine(vary: CapacityResult['vary'], p: CapacityProbe, maxProbes: number): string {
  const [n, role, value, verdict, rate503, recovery, failed] = probeRow(vary, p) as [string, string, string, string, string, string, string];
  return `probe ${n}/${maxProbes} (${role}) at ${value}: ${verdict.toUpperCase()}, 503s ${rate503}, recovery ${recovery}${failed ? ` (failed: ${failed})` : ''}`;
}
