/** capacity.json, capacity.md and capacity.html into `dir`: all rendered first, each replaced atomically. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readUplotAssets, type UplotAssets } from '../report/uplot-assets.js';
import { writeFileAtomic } from '../report/write-file-atomic.js';
import type { CapacityDocument } from './capacity-document.js';
import { renderCapacityHtml } from './render-capacity-html.js';
import { renderCapacityMarkdown } from './render-capacity-markdown.js';

export async function writeCapacityFiles(dir: string, doc: CapacityDocument, options: { uplot?: UplotAssets } = {}): Promise<string[]> {
  const rendered = [
    [join(dir, 'capacity.json'), `${JSON.stringify(doc, null, 2)}\n`],
    [join(dir, 'capacity.md'), renderCapacityMarkdown(doc)],
    [join(dir, 'capacity.html'), renderCapacityHtml(doc, options.uplot ?? readUplotAssets())],
  ] as const;
  await mkdir(dir, { recursive: true });
  for (const [path, text] of rendered) await writeFileAtomic(path, text);
  return rendered.map(([path]) => path);
}
