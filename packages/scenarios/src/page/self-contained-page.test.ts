import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { readUplotAssets } from '../report/uplot-assets.js';
import { renderPage } from './self-contained-page.js';

const XSS = '<script>alert(1)</script>';
const stub = { js: '/* uPlot stub */', css: '/* css stub */', version: '0.0.0-stub' };

describe('renderPage', () => {
  const html = renderPage({ title: XSS, body: '<p>body</p>', data: { label: XSS, line: 'a\u2028b' }, script: 'var x = "</script>";', uplot: stub });

  test('the title is escaped, the body is as given, the data block cannot close its element', () => {
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).toContain('<p>body</p>');
    const block = /id="stampede-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(block)).toEqual({ label: XSS, line: 'a\u2028b' });
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  test('a CSP allowing exactly its own inline script and style blocks, and no URL even with the real uPlot', () => {
    const real = renderPage({ title: 't', body: '', data: {}, script: '1;', uplot: readUplotAssets() });
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(real)?.[1] ?? '').replaceAll('&#39;', "'");
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const scripts = [...real.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => hash(m[1] as string));
    const styles = [...real.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => hash(m[1] as string));
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${scripts.join(' ')};`);
    expect(csp).toContain(`style-src ${styles.join(' ')};`);
    expect(real).not.toMatch(/https?:\/\//);
  });
});
