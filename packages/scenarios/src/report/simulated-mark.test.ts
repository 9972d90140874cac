import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReport } from '../record/report-json.js';
import type { Report } from '../record/report.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { simulatedMark } from './simulated-mark.js';

const fixture = (): Report => readReport(readFileSync(new URL('./fixtures/global-purge.report.json', import.meta.url), 'utf8'));
const simulated = (): Report => ({ ...fixture(), simulated: { modelVersion: 'sim-7', events: 734_012, wallMs: 412 } });
const stub = { js: '/* uPlot stub */', css: '/* uPlot css stub */', version: '0.0.0-stub' };

describe('simulatedMark', () => {
  it('is null for a measured run and names the model version for a simulated one', () => {
    expect(simulatedMark(fixture())).toBeNull();
    const m = simulatedMark(simulated());
    expect(m?.mark).toBe('SIMULATED (model sim-7) — not a measurement');
    expect(m?.detail).toContain('734,012 events');
  });

  it('report.md: the mark is the title and the first line under it; a measured run has none', () => {
    const lines = renderMarkdown(simulated()).split('\n');
    expect(lines[0]).toMatch(/^# SIMULATED · global-purge on /);
    expect(lines[2]).toMatch(/^> \*\*SIMULATED \(model sim-7\) — not a measurement\.\*\* /);
    expect(renderMarkdown(fixture())).not.toContain('SIMULATED');
  });

  it('report.html: the mark is in the title and above the heading; a measured run has none', () => {
    const html = renderHtml(simulated(), { uplot: stub });
    expect(html).toMatch(/<title>SIMULATED · /);
    const mark = html.indexOf('<p class="simulated"><strong>SIMULATED (model sim-7) — not a measurement.</strong>');
    expect(mark).toBeGreaterThan(-1);
    expect(mark).toBeLessThan(html.indexOf('<h1>'));
    expect(renderHtml(fixture(), { uplot: stub })).not.toContain('SIMULATED');
  });
});
