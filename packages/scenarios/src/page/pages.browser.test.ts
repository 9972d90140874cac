/// <reference lib="dom" />
/**
 * compare.html and capacity.html in a real headless Chromium (playwright-core driving Debian's /usr/bin/chromium),
 * from file:// URLs with the real uPlot inlined: every chart drawn, no error, no network request.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacityDocument } from '../capacity-run/capacity-document.js';
import { renderCapacityHtml } from '../capacity-run/render-capacity-html.js';
import { fakeSearch } from '../capacity-run/testing/search.js';
import { buildComparison } from '../compare/comparison.js';
import { loadStart } from '../compare/load-start.js';
import { renderCompareHtml } from '../compare/render-compare-html.js';
import { twoRuns } from '../compare/testing/two-runs.js';
import { readUplotAssets } from '../report/uplot-assets.js';

const CHROMIUM = '/usr/bin/chromium';

async function comparePage(): Promise<string> {
  const { a, b } = twoRuns();
  const c = buildComparison({
    id: 'cmp',
    createdAt: '2026-01-01T00:00:00.000Z',
    toolVersion: 'test',
    a: { config: 'embedded:coalescing=off', description: 'embedded, coalescing off', report: a, loadStart: loadStart(a) },
    b: { config: 'embedded:coalescing=on', description: 'embedded, coalescing on', report: b, loadStart: loadStart(b) },
  });
  return renderCompareHtml(c, { a, b }, readUplotAssets());
}

async function capacityPage(): Promise<string> {
  const result = await fakeSearch();
  const doc = capacityDocument({
    id: 'cap',
    createdAt: '2026-01-01T00:00:00.000Z',
    toolVersion: 'test',
    scenario: { name: 'global-purge', title: null },
    cacheKind: 'embedded',
    range: { from: 100, to: 1600 },
    probeDurationS: 30,
    result,
    probeDirs: result.probes.map((p) => `probes/p${p.index + 1}`),
  });
  return renderCapacityHtml(doc, readUplotAssets());
}

if (!existsSync(CHROMIUM)) {
  describe('compare.html and capacity.html in Chromium', () => {
    it.skip(`skipped: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`, () => {});
  });
} else {
  describe('compare.html and capacity.html in Chromium', () => {
    let browser: Browser;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'stampede-pages-'));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    });

    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it.each<[string, () => Promise<string>, string[]]>([
      ['compare.html', comparePage, ['chart-503', 'chart-latency', 'chart-hit-ratio', 'chart-origin', 'chart-queue', 'chart-2xx']],
      ['capacity.html', capacityPage, ['chart-rate503', 'chart-recovery']],
    ])('%s draws every chart, with no error and no network request', async (name, render, charts) => {
      const file = join(dir, name);
      await writeFile(file, await render());
      const url = pathToFileURL(file).href;
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('request', (r) => requests.push(r.url()));

      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction((n) => document.querySelectorAll('.chart canvas').length === n, charts.length, { timeout: 10_000 });
      const canvases = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLCanvasElement>('.chart canvas')).map((c) => {
          const ctx = c.getContext('2d');
          const pixels = ctx ? ctx.getImageData(0, 0, c.width, c.height).data : new Uint8ClampedArray();
          let inked = 0;
          for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) > 0) inked++;
          return { id: c.closest('.chart')?.id, width: c.width, inked };
        }),
      );
      expect(canvases.map((c) => c.id)).toEqual(charts);
      for (const c of canvases) {
        expect(c.width, c.id).toBeGreaterThan(300);
        expect(c.inked, `${c.id} has something drawn`).toBeGreaterThan(1000);
      }
      expect(problems).toEqual([]);
      expect(requests.filter((r) => !r.startsWith('data:'))).toEqual([url]);
      await context.close();
    });
  });
}
