import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChartData } from './chart-data.js';
import { renderHtml } from './html.js';
import { readReport } from '../record/report-json.js';
import type { Report } from '../record/report.js';
import { readUplotAssets } from './uplot-assets.js';

const fixture = (): Report => readReport(readFileSync(new URL('./fixtures/global-purge.report.json', import.meta.url), 'utf8'));
const stub = { js: '/* uPlot stub */', css: '/* uPlot css stub */', version: '0.0.0-stub' };
const XSS = '<script>alert(1)</script>';

function dataBlock(html: string): ChartData {
  const m = /<script type="application\/json" id="stampede-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no data block');
  return JSON.parse(m[1] as string) as ChartData;
}

function hostile(): Report {
  const r = fixture();
  r.runId = XSS;
  r.scenario = { ...r.scenario, name: XSS, title: XSS, incident: `"quoted" & 'single' ${XSS}` };
  r.cache = { ...r.cache, kind: XSS, version: '</style><script>alert(2)</script>' };
  r.load = { ...r.load, distribution: XSS, model: XSS };
  r.events = [
    { t: r.events[0]!.t, action: XSS, detail: { [XSS]: XSS, url: 'http://127.0.0.1:1/<x>' }, kind: 'action' },
    { t: r.events[0]!.t + 1000, action: '</script><!--', detail: { line: 'a\u2028b\u2029c' } },
  ];
  r.interrupted = { reason: XSS, at: r.events[0]!.t };
  r.verdict = { pass: false, failures: [{ metric: XSS, op: '<', limit: XSS, actual: XSS }] };
  return r;
}

describe('renderHtml', () => {
  it('global-purge, with a stub in place of uPlot (snapshot)', async () => {
    await expect(renderHtml(fixture(), { uplot: stub })).toMatchFileSnapshot('__snapshots__/global-purge.report.html');
  });

  it('escapes every string from the report: nothing but our three scripts, and the data survives', () => {
    const html = renderHtml(hostile(), { uplot: stub });
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('alert(2)</script>');
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html).not.toContain('<!--');
    expect(html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt; on &lt;script&gt;alert(1)&lt;/script&gt; &lt;/style&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &#39;single&#39;');

    const block = /id="stampede-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    const data = dataBlock(html);
    expect(data.markers.filter((m) => m.kind !== 'recovered').map((m) => m.label)).toEqual([XSS, '</script><!--']);
  });

  it('an interrupted run says so instead of listing the interruption as a failed check', () => {
    const r = fixture();
    r.interrupted = { reason: 'interrupted by SIGTERM', at: r.series[40]!.t, phase: 'load' };
    r.verdict = {
      pass: false,
      failures: [
        { metric: 'rate503', op: '<', limit: 0.001, actual: 0.015333333333333332 },
        { metric: 'interrupted', op: '==', limit: false, actual: true },
      ],
    };
    const html = renderHtml(r, { uplot: stub });
    expect(html).toContain('<span class="verdict bad">INTERRUPTED</span>');
    expect(html).toContain('INTERRUPTED during load, after the fault — partial report, verdict not judged. Failing so far, on the partial data:');
    expect(html).toContain('<li><code>rate503 &lt; 0.001 (actual 0.01533)</code></li>');
    expect(html).not.toContain('interrupted ==');
    expect(html).toMatch(/<div class="label">Verdict<\/div><div class="value">INTERRUPTED<\/div><div class="note-text">partial report, verdict not judged<\/div>/);
  });

  it('holds no URL: nothing to fetch, even with the real uPlot inlined', () => {
    const html = renderHtml(fixture(), { uplot: readUplotAssets() });
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*(?!["']?data:)/i);
    expect(html).not.toMatch(/@import|url\(\s*(?!["']?data:)/i);
  });

  it('carries a CSP allowing exactly its own inline script and style blocks', () => {
    const html = renderHtml(fixture(), { uplot: readUplotAssets() });
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => hash(m[1] as string));
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => hash(m[1] as string));
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${scripts.join(' ')};`);
    expect(csp).toContain(`style-src ${styles.join(' ')};`);
  });

  it('embeds dense percentile curves when given a percentile function', () => {
    const html = renderHtml(fixture(), { uplot: stub, percentiles: (_e, ps) => ps.map((p) => p + 1) });
    const curves = dataBlock(html).percentiles;
    expect(curves?.source).toBe('histogram');
    expect(curves?.x).toHaveLength(51);
    expect(curves?.series.map((s) => s.phase)).toEqual(['baseline', 'incident', 'after']);
  });
});
