/**
 * report.repeat (`stampede run --repeat N`), validated. readReport keeps unknown and additive fields as they are,
 * so the gate checks this group itself before trusting it. Pure.
 */
import { z } from 'zod';
import type { RepeatStats, Report } from '../record/report.js';
import { ReportFileError } from '../record/report-file-error.js';
import { isMetricPath, METRICS } from '../thresholds/metrics.js';

const stat = z.number().nullable();

const repeatSchema = z.looseObject({
  n: z.number().int().min(1),
  metrics: z.record(
    z.string(),
    z.looseObject({
      median: stat,
      min: stat,
      max: stat,
      mad: z.number().nonnegative().nullable(),
      values: z.array(z.number().nullable()),
    }),
  ),
});

/**
 * The report's repeat statistics, or undefined when it has none.
 * @throws ReportFileError (code STAMPEDE_SPEC) naming `source` and every bad path (`repeat.metrics.rate503.values`).
 */
export function readRepeatStats(report: Report, source: string): RepeatStats | undefined {
  const raw: unknown = (report as { repeat?: unknown }).repeat;
  if (raw === undefined) return undefined;
  const parsed = repeatSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalid(
      source,
      parsed.error.issues.map((issue) => {
        const path = ['repeat', ...issue.path.map(String)].join('.');
        return `${path}: ${issue.message.replace(/^Invalid input: /, '')}`;
      }),
    );
  }
  const { n, metrics } = parsed.data;
  const problems: string[] = [];
  for (const [metric, stats] of Object.entries(metrics)) {
    const at = `repeat.metrics.${metric}.values`;
    if (stats.values.length !== n) problems.push(`${at}: has ${stats.values.length} values for n = ${n} runs`);
    const isBoolean = isMetricPath(metric) && METRICS[metric].type === 'boolean';
    if (isBoolean && stats.values.some((v) => v !== null && v !== 0 && v !== 1)) {
      problems.push(`${at}: ${metric} is true/false, recorded as 1 or 0 per run`);
    }
  }
  if (problems.length > 0) throw invalid(source, problems);
  return parsed.data;
}

function invalid(source: string, problems: string[]): ReportFileError {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return new ReportFileError('STAMPEDE_SPEC', source, `invalid repeat statistics (${count}):`, problems);
}
