import { describe, expect, test } from 'vitest';
import { capacityDocument } from './capacity-document.js';
import { renderCapacityHtml } from './render-capacity-html.js';
import { renderCapacityMarkdown } from './render-capacity-markdown.js';
import { probeLine } from './probe-table.js';
import { fakeSearch } from './testing/search.js';

const stub = { js: '/* uPlot stub */', css: '/* uPlot css stub */', version: '0.0.0-stub' };
const XSS = '<script>alert(1)</script>';

async function doc(name = 'global-purge', interrupted?: { reason: string; at: number }) {
  const result = await fakeSearch({ maxProbes: 6 });
  return capacityDocument({
    id: '20260101-000000-capacity-global-purge',
    createdAt: '2026-01-01T00:00:00.000Z',
    toolVersion: '0.1.0',
    scenario: { name, title: 'Global purge under steady load' },
    cacheKind: 'embedded',
    range: { from: 100, to: 1600 },
    probeDurationS: 30,
    result,
    probeDirs: result.probes.map((p) => `probes/p${String(p.index + 1).padStart(2, '0')}`),
    ...(interrupted ? { interrupted } : {}),
  });
}

describe('capacityDocument', () => {
  test('the plan, every probe and the conclusion in words', async () => {
    const d = await doc();
    expect(d.schema).toBe('stampede.capacity/v1');
    expect(d.result.probes).toHaveLength(6);
    expect(d.plan).toMatchObject({ maxProbes: 6, capped: true });
    expect(d.conclusion[0]).toMatch(/^Probe budget used up after 6 probes: the limit lies between/);
    expect(d.interrupted).toBeNull();
  });
});

describe('probeLine', () => {
  test('one line per probe as it completes', async () => {
    const d = await doc();
    expect(probeLine('rate', d.result.probes[1]!, 6)).toBe('probe 2/6 (hard-end) at 1,600 req/s: FAIL, 503s 61.8%, recovery did not recover (failed: rate503 < 0.001)');
  });
});

describe('renderCapacityMarkdown', () => {
  test('snapshot', async () => {
    await expect(renderCapacityMarkdown(await doc())).toMatchFileSnapshot('__snapshots__/capacity.md');
  });

  test('interrupted: said up front', async () => {
    expect(renderCapacityMarkdown(await doc('x', { reason: 'interrupted by SIGINT', at: 1 }))).toContain('> **Interrupted:** interrupted by SIGINT');
  });
});

describe('renderCapacityHtml', () => {
  test('snapshot, with a stub in place of uPlot', async () => {
    await expect(renderCapacityHtml(await doc(), stub)).toMatchFileSnapshot('__snapshots__/capacity.html');
  });

  test('escapes what it shows; links only to the probe reports', async () => {
    const html = renderCapacityHtml(await doc(XSS), stub);
    expect(html).not.toContain(XSS);
    expect(html.match(/<script/g)).toHaveLength(3);
    const links = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(links[0]).toBe('data:,');
    expect(links.slice(1).every((l) => /^probes\/p\d\d\/report\.html$/.test(l!))).toBe(true);
    expect(html).toContain('<div class="chart" id="chart-rate503"></div>');
    expect(html).toContain('<div class="chart" id="chart-recovery"></div>');
  });
});
