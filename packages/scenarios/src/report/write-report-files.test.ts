import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readReport, renderJson } from '../record/report-json.js';
import type { Report } from '../record/report.js';
import { writeFileAtomic } from './write-file-atomic.js';
import { writeReportFiles } from './write-report-files.js';

const fixtureText = readFileSync(new URL('./fixtures/global-purge.report.json', import.meta.url), 'utf8');
const stub = { js: '/* uPlot stub */', css: '', version: '0' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stampede-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates, then replaces, leaving no temp file behind', async () => {
    const path = join(dir, 'a.txt');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('fails without a trace when the directory is missing', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a.txt'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails without touching the target when the target cannot be replaced', async () => {
    const target = join(dir, 'taken');
    await writeFile(join(dir, 'keep'), 'x');
    await mkdir(join(target, 'child'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep', 'taken']);
  });
});

describe('writeReportFiles', () => {
  it('writes report.json, report.md and report.html (creating the directory)', async () => {
    const out = join(dir, 'runs', 'r1');
    const report = readReport(fixtureText);
    const files = await writeReportFiles(out, report, { uplot: stub });
    expect(files).toEqual(['report.json', 'report.md', 'report.html'].map((f) => join(out, f)));
    expect(await readFile(join(out, 'report.json'), 'utf8')).toBe(fixtureText);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/^# global-purge on varnish 7\.5\.0: PASS/);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('/* uPlot stub */');
  });

  it('only the files asked for', async () => {
    await writeReportFiles(dir, readReport(fixtureText), { uplot: stub, files: ['report.md'] });
    expect(await readdir(dir)).toEqual(['report.md']);
  });

  it('renders everything before writing anything', async () => {
    const broken = { ...JSON.parse(fixtureText), summary: undefined } as unknown as Report;
    const out = join(dir, 'never');
    await expect(writeReportFiles(out, broken, { uplot: stub })).rejects.toThrow();
    expect(existsSync(out)).toBe(false);
  });

  it('uses the installed uPlot and loadgen percentiles by default', async () => {
    await writeReportFiles(dir, readReport(fixtureText), { files: ['report.html'] });
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('/*! uPlot v1.6');
    expect(html).toContain('"source":"histogram"');
  });

  it('round-trips: report.json written is report.json read', async () => {
    const report = readReport(fixtureText);
    await writeReportFiles(dir, report, { uplot: stub, files: ['report.json'] });
    expect(renderJson(readReport(await readFile(join(dir, 'report.json'), 'utf8')))).toBe(renderJson(report));
  });
});
