/**
 * The comparison folder: a/ and b/ (each run's report.json, report.md, report.html) and compare.json,
 * compare.md, compare.html. The comparison files are rendered before anything is written, each file is replaced
 * atomically. Returns the paths written.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../record/report.js';
import { readUplotAssets, type UplotAssets } from '../report/uplot-assets.js';
import { writeFileAtomic } from '../report/write-file-atomic.js';
import { writeReportFiles } from '../report/write-report-files.js';
import type { Comparison } from './comparison.js';
import { renderCompareHtml } from './render-compare-html.js';
import { renderCompareMarkdown } from './render-compare-markdown.js';

export async function writeCompareFiles(
  dir: string,
  comparison: Comparison,
  reports: { a: Report; b: Report },
  options: { uplot?: UplotAssets } = {},
): Promise<string[]> {
  const uplot = options.uplot ?? readUplotAssets();
  const rendered = [
    [join(dir, 'compare.json'), `${JSON.stringify(comparison, null, 2)}\n`],
    [join(dir, 'compare.md'), renderCompareMarkdown(comparison)],
    [join(dir, 'compare.html'), renderCompareHtml(comparison, reports, uplot)],
  ] as const;
  await mkdir(dir, { recursive: true });
  const written = [
    ...(await writeReportFiles(join(dir, comparison.a.dir), reports.a, { uplot })),
    ...(await writeReportFiles(join(dir, comparison.b.dir), reports.b, { uplot })),
  ];
  for (const [path, text] of rendered) {
    await writeFileAtomic(path, text);
    written.push(path);
  }
  return written;
}
