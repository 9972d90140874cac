import { describe, expect, it } from 'vitest';
import { readUplotAssets } from './uplot-assets.js';

describe('readUplotAssets', () => {
  it('reads the installed uPlot, with the banner URL replaced by name, version and licence', () => {
    const a = readUplotAssets();
    expect(a.version).toMatch(/^1\.6\.\d+$/);
    expect(a.js.startsWith(`/*! uPlot v${a.version} | MIT License | (c) Leon Sorokin */`)).toBe(true);
    expect(a.js).toContain('uPlot');
    expect(a.css).toContain('.uplot');
    expect(`${a.js}${a.css}`).not.toMatch(/https?:\/\//);
  });
});
