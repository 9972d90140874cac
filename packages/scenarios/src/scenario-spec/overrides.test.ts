import { describe, expect, it } from 'vitest';
import { applyOverrides, attributeToOverrides } from './overrides.js';

describe('applyOverrides', () => {
  const raw = {
    name: 'x',
    load: { ratePerS: 100, durationS: 30 },
    cache: { kind: 'embedded', coalescing: false, grace: 10, ttlOverrideS: 5, maxSizeBytes: 4096 },
  };

  it('leaves the input alone and returns a copy', () => {
    const before = structuredClone(raw);
    const out = applyOverrides(raw, { ratePerS: 5 });
    expect(raw).toEqual(before);
    expect(out).not.toBe(raw);
  });

  it.each([
    [{ cache: 'nginx' }, { cache: { ...raw.cache, kind: 'nginx' } }],
    [{ ratePerS: 300 }, { load: { ratePerS: 300, durationS: 30 } }],
    [{ durationS: '2m' }, { load: { ratePerS: 100, durationS: '2m' } }],
    [{ coalescing: true }, { cache: { ...raw.cache, coalescing: true } }],
    // A user VCL owns coalescing, grace and the TTL override; --vcl alone implies varnish.
    [{ vclFile: '/a.vcl' }, { cache: { kind: 'varnish', maxSizeBytes: 4096, vclFile: '/a.vcl' } }],
    [{ nginxConfFile: '/a.conf' }, { cache: { kind: 'nginx', nginxConfFile: '/a.conf' } }],
    [{ vclFile: '/a.vcl', cache: 'embedded' }, { cache: { kind: 'embedded', maxSizeBytes: 4096, vclFile: '/a.vcl' } }],
    [{ vclFile: '/a.vcl', coalescing: false }, { cache: { kind: 'varnish', maxSizeBytes: 4096, vclFile: '/a.vcl', coalescing: false } }],
  ])('%j', (overrides, expected) => {
    expect(applyOverrides(raw, overrides)).toEqual({ ...raw, ...expected });
  });

  it('scales a staged load so that its peak is the new rate', () => {
    const staged = {
      name: 'x',
      load: { startRatePerS: 50, stages: [{ durationS: 10, targetRatePerS: 100 }, { durationS: 10, targetRatePerS: 200 }] },
    };
    expect(applyOverrides(staged, { ratePerS: 400 })).toEqual({
      name: 'x',
      load: { startRatePerS: 100, stages: [{ durationS: 10, targetRatePerS: 200 }, { durationS: 10, targetRatePerS: 400 }] },
    });
    // An invalid rate replaces the stages, so the validator reports it on load.ratePerS.
    expect(applyOverrides(staged, { ratePerS: -1 })).toEqual({ name: 'x', load: { ratePerS: -1 } });
  });

  it('creates missing sections', () => {
    expect(applyOverrides({ name: 'x' }, { cache: 'varnish', ratePerS: 1 })).toEqual({
      name: 'x',
      load: { ratePerS: 1 },
      cache: { kind: 'varnish' },
    });
  });

  it('names the flag behind a problem it caused', () => {
    expect(
      attributeToOverrides(
        ['load.ratePerS must be > 0 (got -1)', 'load.keys must be ...', 'cache.kind must be one of ... (got "x")'],
        { ratePerS: -1, cache: 'x' },
      ),
    ).toEqual([
      'load.ratePerS must be > 0 (got -1) (from --rate -1)',
      'load.keys must be ...',
      'cache.kind must be one of ... (got "x") (from --cache "x")',
    ]);
  });
});
