/**
 * Whether two reports can be compared at all. Problems stop the gate (exit 2) unless the caller allows a
 * mismatch: another scenario or cache kind measures something else, and a run cut short has partial counts.
 * Notes are differences worth knowing that do not invalidate the comparison. Pure.
 */
import { formatPerSec } from '../report/format.js';
import type { Report } from '../record/report.js';

export interface Comparability {
  problems: string[];
  notes: string[];
}

export function checkComparable(baseline: Report, current: Report): Comparability {
  const problems: string[] = [];
  const notes: string[] = [];
  if (baseline.scenario.name !== current.scenario.name) {
    problems.push(`the scenarios differ: baseline ${baseline.scenario.name}, current ${current.scenario.name}`);
  }
  if (baseline.cache.kind !== current.cache.kind) {
    problems.push(`the cache kinds differ: baseline ${baseline.cache.kind}, current ${current.cache.kind}`);
  }
  for (const [side, r] of [['baseline', baseline], ['current', current]] as const) {
    if (r.interrupted !== undefined) {
      problems.push(`the ${side} run was cut short (${r.interrupted.reason}): its counts cover only part of the run`);
    }
  }
  if (baseline.load.rate !== current.load.rate) {
    notes.push(
      `the load rates differ (baseline ${formatPerSec(baseline.load.rate)}, current ${formatPerSec(current.load.rate)}): counts scale with load`,
    );
  }
  if (baseline.origin.concurrency !== current.origin.concurrency || baseline.origin.queue !== current.origin.queue) {
    notes.push(
      `the origin capacities differ (baseline ${baseline.origin.concurrency} slots + queue ${baseline.origin.queue}, ` +
        `current ${current.origin.concurrency} + ${current.origin.queue})`,
    );
  }
  for (const [side, r] of [['baseline', baseline], ['current', current]] as const) {
    if (r.summary.generator.saturated) {
      notes.push(`the ${side} run's load generator was saturated: it sent less than scheduled, so its counts may be low`);
    }
  }
  if (!baseline.verdict.pass) notes.push('the baseline run failed its own thresholds');
  return { problems, notes };
}
