import { describe, expect, it } from 'vitest';
import type { ServiceTimeModel } from '@stampede/fake-backend';
import { parseThresholds } from '../thresholds/parse.js';
import { validateScenario } from '../scenario-spec/validate.js';
import { catalog, getScenario, scenarioNames } from './index.js';

/** Requests per second the origin serves at full load: slots / (median service time x full contention). */
function capacityPerS(concurrency: number, serviceTime: ServiceTimeModel, contention: number): number {
  const ms = serviceTime.kind === 'constant' ? serviceTime.ms : serviceTime.kind === 'exponential' ? serviceTime.meanMs : serviceTime.p50Ms;
  return concurrency / ((ms / 1000) * (1 + contention));
}

describe('catalog', () => {
  it('holds the incidents and their mitigations, in order', () => {
    expect(scenarioNames()).toEqual([
      'global-purge',
      'global-purge-coalesced',
      'ttl-collapse',
      'ttl-collapse-jitter',
      'ttl-collapse-swr',
      'cold-restart',
      'warm-restart',
      'aggressive-ttl',
      'aggressive-ttl-swr',
      'eviction-storm',
      'eviction-storm-sized',
      'config-change',
      'config-change-canary',
      'retry-storm',
      'retry-storm-backoff',
    ]);
  });

  it.each(catalog.map((e) => [e.spec.name, e] as const))('%s validates, round-trips and is frozen', (_, e) => {
    expect(validateScenario(structuredClone(e.spec))).toEqual(e.spec);
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e.spec.timeline)).toBe(true);
    expect(parseThresholds(e.spec.thresholds).length).toBeGreaterThan(0);
    expect(e.spec.incident.length).toBeGreaterThan(100);
    expect(e.spec.description.length).toBeGreaterThan(100);
    expect(e.summary.length).toBeLessThanOrEqual(45);
    expect(e.spec.timeline.length).toBeGreaterThan(0);
  });

  it('pairs every incident with a mitigation and every mitigation with an incident', () => {
    for (const e of catalog) {
      if (e.mitigationOf === undefined) {
        expect(e.mitigations.length, e.spec.name).toBeGreaterThan(0);
        for (const m of e.mitigations) expect(getScenario(m)?.mitigationOf).toBe(e.spec.name);
      } else {
        expect(e.mitigations).toEqual([]);
        expect(getScenario(e.mitigationOf)?.mitigations).toContain(e.spec.name);
        // A mitigation is the incident with the fix: same load, same fault time. (The clients' retry policy is
        // how they react, not the offered load: it may be the fix.)
        const incident = getScenario(e.mitigationOf)!.spec;
        const { retry: _fix, ...load } = e.spec.load;
        const { retry: _incident, ...incidentLoad } = incident.load;
        expect(load).toEqual(incidentLoad);
        expect(e.spec.timeline[0]?.at).toBe(incident.timeline[0]?.at);
        expect(e.spec.thresholds).toEqual(incident.thresholds);
      }
    }
  });

  it.each(catalog.map((e) => [e.spec.name, e] as const))('%s is sized for a one-minute run on two cores', (_, e) => {
    const s = e.spec;
    // Warm-up (prefetch + load) plus the measured part fit in a minute.
    const prefetchS = (s.warmup.prefetchTopN ?? 0) / (s.warmup.prefetchRatePerS ?? 1);
    expect(prefetchS + s.warmup.durationS + s.load.durationS).toBeLessThanOrEqual(55);
    // 300-600 requests/s over 500-2000 keys.
    expect(s.load.ratePerS).toBeGreaterThanOrEqual(300);
    expect(s.load.ratePerS).toBeLessThanOrEqual(600);
    expect(s.load.keys).toBeGreaterThanOrEqual(500);
    expect(s.load.keys).toBeLessThanOrEqual(2000);
    // The first fault lands after the baseline window, with observation time left.
    const first = s.timeline[0]!.at;
    expect(first).toBeGreaterThanOrEqual(s.baselineS);
    expect(first).toBeLessThanOrEqual(15);
    expect(s.load.durationS - s.timeline.at(-1)!.at).toBeGreaterThanOrEqual(20);
    // Full miss traffic is 3-10x what the origin serves at full load.
    const o = s.origin;
    const capacity = capacityPerS(o.concurrency!, o.serviceTime!, o.contention ?? 0);
    const overload = s.load.ratePerS! / capacity;
    expect(overload).toBeGreaterThanOrEqual(3);
    expect(overload).toBeLessThanOrEqual(10);
  });

  it('says what each scenario needs and where it runs', () => {
    const table = Object.fromEntries(catalog.map((e) => [e.spec.name, `${e.requires.join('+')} @ ${e.supports.join(',')}`]));
    expect(table).toEqual({
      'global-purge': 'purgeAll+coalescingToggle @ embedded,varnish,nginx',
      'global-purge-coalesced': 'purgeAll @ embedded,varnish,nginx',
      'ttl-collapse': 'coalescingToggle @ embedded,varnish,nginx',
      'ttl-collapse-jitter': 'coalescingToggle @ embedded,varnish,nginx',
      'ttl-collapse-swr': ' @ embedded,varnish,nginx',
      'cold-restart': 'restartCold @ embedded,varnish,nginx',
      'warm-restart': 'restartWarm @ embedded,varnish,nginx',
      'aggressive-ttl': 'coalescingToggle @ embedded,varnish,nginx',
      'aggressive-ttl-swr': ' @ embedded,varnish,nginx',
      'eviction-storm': 'reloadConfig @ embedded',
      'eviction-storm-sized': 'reloadConfig @ embedded',
      'config-change': 'reloadConfig @ embedded,varnish,nginx',
      'config-change-canary': 'reloadConfig @ embedded,varnish,nginx',
      'retry-storm': 'ban+coalescingToggle @ embedded,varnish,nginx',
      'retry-storm-backoff': 'ban+coalescingToggle @ embedded,varnish,nginx',
    });
  });

  it('finds nothing for an unknown name', () => {
    expect(getScenario('nope')).toBeUndefined();
  });
});
