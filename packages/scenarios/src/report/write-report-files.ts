import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadgenHistogramOps } from '../loadgen-histogram-ops.js';
import type { PercentilesFn } from './chart-data.js';
import { renderHtml } from './html.js';
import { renderJson } from '../record/report-json.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from '../record/report.js';
import { readUplotAssets, type UplotAssets } from './uplot-assets.js';
import { writeFileAtomic } from './write-file-atomic.js';

export type ReportFileName = 'report.json' | 'report.md' | 'report.html';

export interface WriteReportFilesOptions {
  /** which files to write (default all three; `stampede report` re-renders only md and html) */
  files?: readonly ReportFileName[];
  /** default: the installed uplot package */
  uplot?: UplotAssets;
  /** default: loadgen's histogram percentiles */
  percentiles?: PercentilesFn;
}

/**
 * Writes report.json, report.md and report.html into `dir` (created if needed). Everything is rendered before
 * the first write, so a rendering error leaves the directory untouched; each file is replaced atomically.
 * Returns the paths written, in order.
 */
export async function writeReportFiles(dir: string, report: Report, options: WriteReportFilesOptions = {}): Promise<string[]> {
  const files = options.files ?? ['report.json', 'report.md', 'report.html'];
  const render: Record<ReportFileName, () => string> = {
    'report.json': () => renderJson(report),
    'report.md': () => renderMarkdown(report),
    'report.html': () =>
      renderHtml(report, {
        uplot: options.uplot ?? readUplotAssets(),
        percentiles: options.percentiles ?? ((encoded, ps) => loadgenHistogramOps.percentiles?.(encoded, ps) ?? []),
      }),
  };
  const rendered = files.map((name) => [join(dir, name), render[name]()] as const);
  await mkdir(dir, { recursive: true });
  for (const [path, text] of rendered) await writeFileAtomic(path, text);
  return rendered.map(([path]) => path);
}
