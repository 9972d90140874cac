/**
 * global-purge end to end on real varnishd with VCLs nobody here wrote (fixtures/README.md), taken as they are:
 * every backend retargeted at the fake origin, probes at its health path, the outcome header added by stampede.
 * The ground truth must hold: origin arrivals == Varnish's MAIN.backend_req over the measured run, and the hit
 * ratio the clients saw == MAIN.cache_hit / (cache_hit + cache_miss).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../orchestrator/index.js';
import { resolveScenario } from '../../scenario-spec/index.js';
import { binaryAvailable } from '../testing/skip-note.js';

const hasVarnish = binaryAvailable(['varnishd', 'varnishadm', 'varnishstat'], 'apt-get install -y varnish');
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const INSTALLED = '/etc/varnish/default.vcl';

type Retargeted = { name: string; was: string; probe: boolean }[];
const stock: Retargeted = [{ name: 'default', was: '127.0.0.1:8080', probe: false }];
const cases: [string, string, Retargeted][] = [
  ['the stock Debian default.vcl (committed copy)', fixture('debian-default.vcl'), stock],
  ...(existsSync(INSTALLED) ? [['the installed /etc/varnish/default.vcl', INSTALLED, stock] as [string, string, Retargeted]] : []),
  [
    'a round-robin director of two probed backends (Varnish manual examples)',
    fixture('varnish-docs-director.vcl'),
    [
      { name: 'backend1', was: 'example.com:8081', probe: true },
      { name: 'backend2', was: '[::1]:8080', probe: true },
    ],
  ],
];

describe.skipIf(!hasVarnish)('global-purge with a VCL as it is', () => {
  test.each(cases)('%s: origin arrivals == MAIN.backend_req, hit ratio == varnishstat\'s', async (_name, vcl, retargeted) => {
    // Short: the purge lands at 12 s (the rig's baseline); 18 s of measured load at 300/s.
    const spec = await resolveScenario('global-purge', { vclFile: vcl, durationS: '18s', ratePerS: 300 });
    const report = await runScenario(spec, { toolVersion: 'test' });
    expect(report.interrupted).toBeUndefined();
    expect(report.cache.kind).toBe('varnish');
    const config = report.cache.config as { vcl: string; retargeted: Retargeted; cacheHeader: string };
    expect(config.vcl).toBe(vcl);
    expect(config.cacheHeader).toBe('x-stampede-cache');
    expect(config.retargeted).toEqual(retargeted);
    expect(report.events.map((e) => e.action)).toContain('purge-all');

    const stats = report.cache.stats as Record<string, number>;
    const s = report.summary;
    expect(s.origin.arrivals).toBeGreaterThan(0);
    expect(s.origin.arrivals).toBe(stats['MAIN.backend_req']);

    let hit = 0;
    let miss = 0;
    let unknown = 0;
    for (const p of report.series) {
      const c = p.cache as Record<string, number>;
      hit += (c['hit'] ?? 0) + (c['stale'] ?? 0);
      miss += c['miss'] ?? 0;
      unknown += c['unknown'] ?? 0;
    }
    const clientRatio = hit / (hit + miss);
    const varnishRatio = (stats['MAIN.cache_hit'] ?? 0) / ((stats['MAIN.cache_hit'] ?? 0) + (stats['MAIN.cache_miss'] ?? 0));
    console.info(`[user VCL e2e] ${vcl}: arrivals ${s.origin.arrivals} backend_req ${stats['MAIN.backend_req']}, hit ratio client ${clientRatio.toFixed(4)} varnishstat ${varnishRatio.toFixed(4)}, unknown ${unknown}, baseline ${s.hitRatio.baseline}`);
    expect(Math.abs(clientRatio - varnishRatio)).toBeLessThan(0.01);
    expect(hit + miss).toBeGreaterThan(0.95 * (hit + miss + unknown)); // the outcome header is on (nearly) every response
    expect(s.hitRatio.baseline).toBeGreaterThan(0.7); // a warmed cache in front of Zipf traffic
    expect(s.hitRatio.min).toBeLessThan(s.hitRatio.baseline! - 0.2); // the purge emptied it
  }, 120_000);
});
