import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReport } from '../record/report-json.js';
import type { Report } from '../record/report.js';
import { validateModel } from './validate-model.js';
import { renderValidationTable, rowWithin } from './validate-model-table.js';

const fixture = (): Report => readReport(readFileSync(new URL('../report/fixtures/global-purge.report.json', import.meta.url), 'utf8'));

/** the fixture with its summary's compared values set: 20,000 requests, 1 s buckets */
function report(v: { c503?: number; arrivals?: number; amp?: number | null; recovery?: number | null; hitMin?: number | null }): Report {
  const r = fixture();
  r.cache = { ...r.cache, kind: 'embedded' };
  const s = r.summary;
  s.requests = 20_000;
  s.status['503'] = v.c503 ?? 500;
  s.origin.arrivals = v.arrivals ?? 4000;
  s.amplification = v.amp === undefined ? 8 : v.amp;
  s.recovery = v.recovery === null ? { recovered: false, seconds: null } : { recovered: true, seconds: v.recovery ?? 6 };
  s.hitRatio = { ...s.hitRatio, min: v.hitMin === undefined ? 0.4 : v.hitMin };
  return r;
}

type Row = [name: string, real: Parameters<typeof report>[0], sim: Parameters<typeof report>[0], metric: string, within: boolean, error: number | null];

describe('validateModel', () => {
  const rows: Row[] = [
    ['equal', {}, {}, 'client503', true, 0],
    ['503s 15% high: within', { c503: 1000 }, { c503: 1150 }, 'client503', true, 0.15],
    ['503s 16% low: out', { c503: 1000 }, { c503: 840 }, 'client503', false, -0.16],
    ['503s 0 vs 20 of 20,000 requests (0.1%): within the floor', { c503: 0 }, { c503: 20 }, 'client503', true, null],
    ['503s 0 vs 21: out', { c503: 0 }, { c503: 21 }, 'client503', false, null],
    ['origin arrivals 4000 vs 4700 (+17.5%): out', {}, { arrivals: 4700 }, 'originArrivals', false, 0.175],
    ['amplification 8 vs 9 (+12.5%): within', {}, { amp: 9 }, 'amplification', true, 0.125],
    ['amplification n/a on both sides: agrees', { amp: null }, { amp: null }, 'amplification', true, null],
    ['amplification on one side only: out', { amp: 3 }, { amp: null }, 'amplification', false, null],
    ['recovery one bucket later: within', { recovery: 6 }, { recovery: 7 }, 'recoveryS', true, 1],
    ['recovery 1.5 s earlier: out', { recovery: 6 }, { recovery: 4.5 }, 'recoveryS', false, -1.5],
    ['recovery a bucket and 3 ms later (a real fault lands ms into its bucket): within', { recovery: 6.997 }, { recovery: 8 }, 'recoveryS', true, 1.003],
    ['recovery 1.2 buckets later: out', { recovery: 6 }, { recovery: 7.2 }, 'recoveryS', false, 1.2],
    ['never recovered on both sides: agrees', { recovery: null }, { recovery: null }, 'recoveryS', true, null],
    ['recovered in the model only: out', { recovery: null }, { recovery: 5 }, 'recoveryS', false, null],
    ['hit ratio min 40% vs 45% (+12.5%): within', {}, { hitMin: 0.45 }, 'hitRatioMin', true, 0.125],
    ['hit ratio min 40% vs 30%: out', {}, { hitMin: 0.3 }, 'hitRatioMin', false, -0.25],
  ];
  it.each(rows)('%s', (_name, real, sim, metric, within, error) => {
    const v = validateModel(report(real), report(sim));
    const c = v.metrics.find((m) => m.metric === metric)!;
    expect(c.within).toBe(within);
    if (error === null) expect(c.error).toBeNull();
    else expect(c.error).toBeCloseTo(error, 9);
    expect(v.within).toBe(v.metrics.every((m) => m.within));
    expect(v).toMatchObject({ scenario: 'global-purge', cache: 'embedded' });
  });
});

describe('validateModel over several real runs', () => {
  it('holds the model to their median, keeps their range, and a recovery most runs lack is none', () => {
    const v = validateModel([report({ c503: 400, recovery: 5 }), report({ c503: 520, recovery: null }), report({ c503: 460, recovery: 7 })], report({ c503: 470, recovery: 7 }));
    const c503 = v.metrics.find((m) => m.metric === 'client503')!;
    expect(c503).toMatchObject({ real: 460, realRange: [400, 520], within: true });
    expect(c503.error).toBeCloseTo(10 / 460, 9);
    // a run that never recovered is the slowest: median of 5, 7, never = 7; the range ends at never (null)
    expect(v.metrics.find((m) => m.metric === 'recoveryS')).toMatchObject({ real: 7, realRange: [5, null], error: 0, within: true });
    expect(v.realRuns).toBe(3);
    const mostlyNever = validateModel([report({ recovery: null }), report({ recovery: null }), report({ recovery: 6 })], report({ recovery: null }));
    expect(mostlyNever.metrics.find((m) => m.metric === 'recoveryS')).toMatchObject({ real: null, simulated: null, within: true });
    expect(renderValidationTable([v])).toContain('| 460 (400–520) / 470 (+2%) |');
    expect(renderValidationTable([v])).toContain('| 7.0 s (5.0 s–never) / 7.0 s (+0.0 s) |');
    expect(renderValidationTable([v])).toContain('measured (the median of 3 real runs; their range in brackets)');
    expect(v.withinRealSpread).toBe(true);
  });

  it('out of bounds but inside the real runs\' own range is marked ≈ and counted apart, never as within', () => {
    // 503s 300, 400, 600: the median 400; 520 is 30% off it, yet between two real runs
    const runs = [report({ c503: 300 }), report({ c503: 400 }), report({ c503: 600 })];
    const spread = validateModel(runs, report({ c503: 520 }));
    expect(spread.metrics.find((m) => m.metric === 'client503')).toMatchObject({ within: false, realRange: [300, 600] });
    expect(spread).toMatchObject({ within: false, withinRealSpread: true });
    const outside = validateModel(runs, report({ c503: 700 }));
    expect(outside).toMatchObject({ within: false, withinRealSpread: false });
    // a recovery range that ends at never is open above
    const never = validateModel([report({ recovery: 4 }), report({ recovery: 6 }), report({ recovery: null })], report({ recovery: 12 }));
    expect(never).toMatchObject({ within: false, withinRealSpread: true });
    const text = renderValidationTable([spread, outside]);
    expect(text).toContain('| 400 (300–600) / 520 (+30%) ≈ |');
    expect(text).toContain('| 400 (300–600) / 700 (+75%) ✗ |');
    expect(text).toContain('| **no** (≈) |');
    expect(text).toContain('0 of 2 scenarios within bounds. 1 more is out of bounds only where the simulated value lies inside the real runs\' own range (≈)');
    // one real run has no range to be inside
    expect(validateModel(report({ c503: 300 }), report({ c503: 520 })).withinRealSpread).toBe(false);
  });
});

describe('renderValidationTable', () => {
  it('one row per scenario: measured / simulated (error), ✗ where out, and the refusals with their reason', () => {
    const good = validateModel(report({}), report({ c503: 510 }));
    const bad = validateModel(report({}), report({ recovery: 9 }));
    const text = renderValidationTable([good, bad, { scenario: 'retry-storm', cache: 'embedded', notModelled: 'load.retry is not modelled' }]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('| scenario | cache | client 503s | origin arrivals | amplification | recovery s | hit ratio min | within |');
    expect(lines[2]).toBe('| global-purge | embedded | 500 / 510 (+2%) | 4,000 / 4,000 (+0%) | 8.0× / 8.0× (+0%) | 6.0 s / 6.0 s (+0.0 s) | 40.0% / 40.0% (+0%) | yes |');
    expect(lines[3]).toContain('| 6.0 s / 9.0 s (+3.0 s) ✗ |');
    expect(lines[3]).toMatch(/\| \*\*no\*\* \|$/);
    // an error that rounds to zero reads +0 on either side
    const tiny = renderValidationTable([validateModel(report({ recovery: 3.02 }), report({ recovery: 3 }))]);
    expect(tiny).toContain('| 3.0 s / 3.0 s (+0.0 s) |');
    expect(lines[4]).toMatch(/^\| retry-storm \| embedded \| not modelled: load\.retry is not modelled \|/);
    expect(text).toContain('1 of 3 scenarios within bounds.');
    expect([good, bad].map(rowWithin)).toEqual([true, false]);
  });
});
