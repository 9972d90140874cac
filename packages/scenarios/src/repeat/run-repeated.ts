/**
 * Runs one scenario N times back to back and folds the runs into one report (repeated-report.ts). The run itself
 * is injected, so this is control flow only and never prints.
 *
 * Interrupts: the signal is checked between runs, never passed into one. A run in progress when it fires finishes
 * (its measurement stays whole and counts), no further run starts, and the report says how many of the N it holds.
 * A run that comes back cut short on its own (a fault: report.interrupted) also stops the repetitions.
 */
import type { Report } from '../record/report.js';
import { repeatedReport, type RepeatedReport } from './repeated-report.js';

export interface RunRepeatedOptions {
  /** N >= 1 (repeat-count.ts) */
  count: number;
  /** the report's run id */
  runId: string;
  /** one full run; `index` is 0-based */
  runOnce: (index: number) => Promise<Report>;
  /** checked before each run */
  signal?: AbortSignal;
  /** after each run, in order, before the next starts */
  onRun?: (report: Report, index: number) => void;
  /** default Date.now */
  now?: () => number;
}

export interface RepeatedOutcome extends RepeatedReport {
  /** the runs that completed */
  completed: number;
}

export async function runRepeated(options: RunRepeatedOptions): Promise<RepeatedOutcome> {
  const now = options.now ?? Date.now;
  const runs: Report[] = [];
  let cut: Report | undefined;
  let stopped: { reason: string; at: number } | undefined;
  for (let i = 0; i < options.count; i++) {
    if (options.signal?.aborted) {
      stopped = { reason: abortReason(options.signal), at: now() };
      break;
    }
    const report = await options.runOnce(i);
    options.onRun?.(report, i);
    if (report.interrupted !== undefined) {
      cut = report;
      break;
    }
    runs.push(report);
  }
  const result = repeatedReport({
    runs,
    requested: options.count,
    runId: options.runId,
    ...(stopped ? { stopped } : {}),
    ...(cut ? { cut } : {}),
  });
  return { ...result, completed: runs.length };
}

function abortReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'interrupted';
}
