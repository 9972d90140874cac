import { describe, expect, test } from 'vitest';
import { buildComparison } from './comparison.js';
import { compareHeadline } from './compare-headline.js';
import { loadStart } from './load-start.js';
import { renderCompareHtml } from './render-compare-html.js';
import { renderCompareMarkdown } from './render-compare-markdown.js';
import { twoRuns } from './testing/two-runs.js';

const stub = { js: '/* uPlot stub */', css: '/* uPlot css stub */', version: '0.0.0-stub' };
const XSS = '<script>alert(1)</script>';

function comparison(configs = { a: 'embedded:coalescing=off', b: 'embedded:coalescing=on' }) {
  const { a, b } = twoRuns();
  return {
    reports: { a, b },
    c: buildComparison({
      id: '20260101-000000-compare-global-purge',
      createdAt: '2026-01-01T00:00:00.000Z',
      toolVersion: '0.1.0',
      a: { config: configs.a, description: 'embedded, coalescing off', report: a, loadStart: loadStart(a) },
      b: { config: configs.b, description: 'embedded, coalescing on', report: b, loadStart: loadStart(b) },
    }),
  };
}

describe('compareHeadline', () => {
  test('the sides, then the outcomes a config change moves, A -> B', () => {
    expect(compareHeadline(comparison().c)).toEqual([
      'A: embedded:coalescing=off (embedded, coalescing off; varnish 7.5.0) FAIL',
      'B: embedded:coalescing=on (embedded, coalescing on; varnish 7.5.0) PASS',
      expect.stringMatching(/^ {2}503 rate: A [\d.]+%, B 0% \(-[\d.]+pp \(-100%\), B better\)$/),
      '  recovery: A 11.75 s, B 4 s (-7.75 s (-66%), B better)',
      expect.stringMatching(/^ {2}origin arrivals after the fault: A [\d,]+, B [\d,]+ \(-[\d,]+ \(-\d+%\), B better\)$/),
      '  amplification: A 18.4×, B 18.4× (0)',
      expect.stringMatching(/^ {2}incident p99: /),
    ]);
  });
});

describe('renderCompareMarkdown', () => {
  test('snapshot', async () => {
    await expect(renderCompareMarkdown(comparison().c)).toMatchFileSnapshot('__snapshots__/compare.md');
  });

  test('a side cut short: its checks read as failing so far, never the interruption marker', () => {
    const { a, b } = twoRuns();
    b.interrupted = { reason: 'interrupted by SIGINT', at: b.series.at(-1)!.t, phase: 'load' };
    b.verdict = {
      pass: false,
      failures: [
        { metric: 'rate503', op: '<', limit: 0.001, actual: 0.0067572226 },
        { metric: 'interrupted', op: '==', limit: false, actual: true },
      ],
    };
    const side = (config: string, description: string, report: typeof a) => ({ config, description, report, loadStart: loadStart(report) });
    const c = buildComparison({ id: 'x', createdAt: '2026-01-01T00:00:00.000Z', toolVersion: '0.1.0', a: side('a', 'a', a), b: side('b', 'b', b) });
    const md = renderCompareMarkdown(c);
    expect(md).toContain('B failing so far (cut short): rate503 \\< 0.001 (actual 0.006757)');
    expect(md).not.toContain('interrupted ==');
  });

  test('config strings are escaped', () => {
    const md = renderCompareMarkdown(comparison({ a: `a|b*${XSS}`, b: 'x' }).c);
    expect(md).not.toContain('<script>');
    expect(md).toContain('a\\|b\\*\\<script\\>');
  });
});

describe('renderCompareHtml', () => {
  test('snapshot, with a stub in place of uPlot', async () => {
    const { c, reports } = comparison();
    await expect(renderCompareHtml(c, reports, stub)).toMatchFileSnapshot('__snapshots__/compare.html');
  });

  test('escapes the config strings; links only to the two run reports', () => {
    const { c, reports } = comparison({ a: XSS, b: '"><img src=x>' });
    const html = renderCompareHtml(c, reports, stub);
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('<img');
    expect(html.match(/<script/g)).toHaveLength(3);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(['data:,', 'a/report.html', 'b/report.html']);
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('one chart element per chart in the data', () => {
    const { c, reports } = comparison();
    const html = renderCompareHtml(c, reports, stub);
    const block = JSON.parse(/id="stampede-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}') as { charts: { id: string }[] };
    for (const chart of block.charts) expect(html).toContain(`<div class="chart" id="chart-${chart.id}"></div>`);
  });
});
