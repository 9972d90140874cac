/// <reference lib="dom" />
/**
 * Opens report.html in a real headless Chromium (playwright-core driving Debian's /usr/bin/chromium) from a
 * file:// URL: the page must render every chart with no error and without a single network request.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../record/report-json.js';
import { writeReportFiles } from './write-report-files.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const fixture = () => readReport(readFileSync(new URL('./fixtures/global-purge.report.json', import.meta.url), 'utf8'));

if (!available) {
  describe('report.html in Chromium', () => {
    it.skip(`skipped: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`, () => {});
  });
} else {
  describe('report.html in Chromium', () => {
    let browser: Browser;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'stampede-report-'));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });

    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('renders every chart, with no error and no network request', async () => {
      await writeReportFiles(dir, fixture(), { files: ['report.html'] });
      const url = pathToFileURL(join(dir, 'report.html')).href;
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
      await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length === 5, null, { timeout: 10_000 });

      const canvases = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLCanvasElement>('.chart canvas')).map((c) => {
          const ctx = c.getContext('2d');
          const pixels = ctx ? ctx.getImageData(0, 0, c.width, c.height).data : new Uint8ClampedArray();
          let inked = 0;
          for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) > 0) inked++;
          return { id: c.closest('.chart')?.id, width: c.width, height: c.height, inked };
        }),
      );
      expect(canvases.map((c) => c.id)).toEqual([
        'chart-responses',
        'chart-latency',
        'chart-hit-ratio',
        'chart-origin',
        'chart-percentiles',
      ]);
      for (const c of canvases) {
        expect(c.width, c.id).toBeGreaterThan(300);
        expect(c.height, c.id).toBeGreaterThan(100);
        expect(c.inked, `${c.id} has something drawn`).toBeGreaterThan(1000);
      }

      const text = await page.locator('body').innerText();
      expect(text).toContain('global-purge on varnish 7.5.0');
      expect(text).toMatch(/503 RESPONSES\s+460/i);
      expect(text).toContain('11.75 s');
      expect(text).toContain('18.4×');
      expect(text).toMatch(/VERDICT\s+PASS/i);
      expect(await page.locator('.u-legend').count()).toBe(5);

      await page.screenshot({ path: '/tmp/report-screenshot.png', fullPage: true });
      expect(problems).toEqual([]);
      expect(requests.filter((r) => !r.startsWith('data:'))).toEqual([url]);
      await context.close();
    });
  });
}
