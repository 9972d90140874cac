/**
 * What `stampede run` prints on stdout when it ends, and the one-line form used for each run of --repeat, compare
 * and capacity. Pure: Report -> text. Numbers are formatted as the report formats them (report/format.ts); the
 * verdict reads as every renderer reads it (analysis/verdict.ts verdictOutcome).
 */
import { join } from 'node:path';
import { verdictOutcome } from '../analysis/verdict.js';
import { formatInt, formatMs, formatPercent, formatPerSec, formatSeconds, formatTimes } from '../report/format.js';
import type { Report } from '../record/report.js';
import { formatFailure } from '../report/report-tables.js';
import { describeRepeat } from '../repeat/describe-repeat.js';

/**
 * The run's outcome as the CLI prints it on stdout: the verdict (or the interruption), the headline numbers
 * formatted as the report formats them, and each failed check.
 */
export function runSummary(report: Report, name: string, dir: string, representative?: number): string {
  const s = report.summary;
  const outcome = verdictOutcome(report);
  const stats = report.repeat;
  const cut = report.interrupted;
  return [
    ...(outcome.interruption && cut
      ? [outcome.interruption, `  ${name} on ${report.cache.kind} ${report.cache.version}: ${cut.reason}`]
      : [`${outcome.status}  ${name} on ${report.cache.kind} ${report.cache.version}`]),
    ...(cut && report.series.length === 0 ? ['  nothing was measured yet: the report records the run up to the interruption'] : []),
    ...(stats
      ? [
          `  ${stats.n} run${stats.n === 1 ? '' : 's'}; the report shows run ${(representative ?? 0) + 1}, the most typical: the numbers below are that run's`,
          `  median ± MAD over the runs: ${describeRepeat(stats)}`,
        ]
      : []),
    `  responses ${formatInt(s.responses)}, 503s ${formatInt(s.status['503'])} (${formatPercent(s.rate503)}, peak ${formatPerSec(s.peak503PerSec)}), recovery ${recoveryText(report)}`,
    `  amplification ${s.amplification === null ? 'n/a' : formatTimes(s.amplification)}, hit ratio ${pct(s.hitRatio.baseline)} -> min ${pct(s.hitRatio.min)}, p99 baseline ${formatMs(s.latencyMs.baseline.p99)} / incident ${formatMs(s.latencyMs.incident.p99)}`,
    `  origin arrivals ${formatInt(s.origin.arrivals)}, origin 503s ${formatInt(s.origin.rejected503)}${s.generator.saturated ? ', GENERATOR SATURATED (see report)' : ''}`,
    ...(s.retry ? [`  retries ${formatTimes(s.retry.amplification)} attempts per request: ${formatInt(s.retry.attempts)} attempts for ${formatInt(s.retry.logical)} requests, ${formatInt(s.retry.retries)} retries, ${formatInt(s.retry.budgetDenied)} denied by the budget, ${formatInt(s.retry.gaveUp)} gave up`] : []),
    ...(!s.recovery.recovered && s.recovery.reason ? [`  did not recover: ${s.recovery.reason}`] : []),
    ...(s.baseline?.healthy === false ? [`  recovery not judged: ${s.baseline.problem ?? 'unhealthy baseline'}`] : []),
    ...outcome.failures.map((f) => `  ${cut ? 'failing so far' : 'failed'}: ${formatFailure(f)}`),
    `  report: ${join(dir, 'report.html')}`,
    '',
  ].join('\n');
}

function recoveryText(r: Report): string {
  const s = r.summary;
  if (s.recovery.recovered && s.recovery.seconds !== null) return formatSeconds(s.recovery.seconds);
  return s.baseline?.healthy === false ? 'not judged' : 'did not recover';
}

/** One run in one line, for the per-repetition progress of --repeat (and compare / capacity). */
export function oneLine(r: Report): string {
  const s = r.summary;
  const rec = s.recovery.recovered
    ? `recovery ${recoveryText(r)}`
    : s.baseline?.healthy === false
      ? 'recovery not judged (unhealthy baseline)'
      : 'did not recover';
  const verdict = r.interrupted ? `CUT SHORT (${r.interrupted.reason})` : r.verdict.pass ? 'PASS' : 'FAIL';
  return `${verdict}  503s ${formatPercent(s.rate503)}, ${rec}, origin arrivals ${formatInt(s.origin.arrivals)}, amplification ${s.amplification === null ? 'n/a' : formatTimes(s.amplification)}`;
}

function pct(r: number | null): string {
  return r === null ? 'n/a' : formatPercent(r);
}
