/**
 * Command-line overrides (`stampede run <scenario> --cache varnish --rate 300 ...`) applied to a raw spec before
 * validation, so that an override is validated exactly like the file it changes. Pure.
 */
import { describeValue } from '@stampede/validation';
import type { CacheKind } from '../caches/adapter.js';
import { applySet, problemPath, type SetOverride } from './set-override.js';

export interface ScenarioOverrides {
  /** cache.kind */
  cache?: CacheKind | string;
  /** load.ratePerS; a staged load has every stage scaled so that its peak becomes this rate */
  ratePerS?: number;
  /** load.durationS (a duration string or seconds) */
  durationS?: number | string;
  /** cache.vclFile; implies cache kind varnish unless `cache` says otherwise */
  vclFile?: string;
  /** cache.nginxConfFile; implies cache kind nginx unless `cache` says otherwise */
  nginxConfFile?: string;
  /** cache.coalescing */
  coalescing?: boolean;
  /** `--set path=value`: any field, applied after the flags above */
  set?: readonly SetOverride[];
}

/** The command-line flag of each override, named in problems an override caused (DESIGN.md's CLI surface). */
export const OVERRIDE_FLAGS: Readonly<Record<keyof ScenarioOverrides, string>> = Object.freeze({
  cache: '--cache',
  ratePerS: '--rate',
  durationS: '--duration',
  vclFile: '--vcl',
  nginxConfFile: '--nginx-conf',
  coalescing: '--coalescing',
  set: '--set',
});

/** The spec paths each override writes, to attribute problems to the flag that caused them. */
const OVERRIDE_PATHS: Readonly<Record<keyof ScenarioOverrides, readonly string[]>> = {
  cache: ['cache.kind'],
  ratePerS: ['load.ratePerS', 'load.stages', 'load.startRatePerS'],
  durationS: ['load.durationS'],
  vclFile: ['cache.vclFile'],
  nginxConfFile: ['cache.nginxConfFile'],
  coalescing: ['cache.coalescing'],
  // each --set names its own path (attributeToOverrides)
  set: [],
};

type Raw = Record<string, unknown>;

/**
 * A copy of `raw` with the overrides applied. A user VCL / nginx config owns coalescing, grace and the TTL override
 * (and nginx's size), so `vclFile` / `nginxConfFile` remove those settings from the spec rather than conflict.
 */
export function applyOverrides(raw: unknown, overrides: ScenarioOverrides = {}): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out = structuredClone(raw) as Raw;
  const section = (name: string): Raw => {
    const v = out[name];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Raw;
    const fresh: Raw = {};
    out[name] = fresh;
    return fresh;
  };
  const o = overrides;
  if (o.ratePerS !== undefined) {
    const load = section('load');
    if (Array.isArray(load['stages'])) scaleStages(load, o.ratePerS);
    else load['ratePerS'] = o.ratePerS;
  }
  if (o.durationS !== undefined) section('load')['durationS'] = o.durationS;
  if (o.vclFile !== undefined || o.nginxConfFile !== undefined || o.cache !== undefined || o.coalescing !== undefined) {
    const cache = section('cache');
    if (o.vclFile !== undefined) {
      cache['vclFile'] = o.vclFile;
      for (const k of ['coalescing', 'grace', 'ttlOverrideS']) delete cache[k];
      if (o.cache === undefined) cache['kind'] = 'varnish';
    }
    if (o.nginxConfFile !== undefined) {
      cache['nginxConfFile'] = o.nginxConfFile;
      for (const k of ['coalescing', 'grace', 'ttlOverrideS', 'maxSizeBytes']) delete cache[k];
      if (o.cache === undefined) cache['kind'] = 'nginx';
    }
    if (o.cache !== undefined) cache['kind'] = o.cache;
    if (o.coalescing !== undefined) cache['coalescing'] = o.coalescing;
  }
  for (const s of o.set ?? []) applySet(out, s);
  return out;
}

/**
 * Stages keep their shape; every target (and the start rate) scales so that the peak equals `peak`. A rate that is
 * not a positive number replaces the stages, so that the validator reports it on load.ratePerS.
 */
function scaleStages(load: Raw, peak: number): void {
  if (!(typeof peak === 'number' && Number.isFinite(peak) && peak > 0)) {
    delete load['stages'];
    delete load['startRatePerS'];
    load['ratePerS'] = peak;
    return;
  }
  const stages = load['stages'] as unknown[];
  const start = load['startRatePerS'] ?? 0;
  const targets = stages.map((s) => (s as { targetRatePerS?: unknown } | null)?.targetRatePerS);
  // A malformed stage is left as it is: the validator reports it.
  if (![...targets, start].every((n) => typeof n === 'number')) return;
  const max = Math.max(...([...targets, start] as number[]));
  const factor = max > 0 ? peak / max : 0;
  load['stages'] = stages.map((s) => {
    const stage = s as Raw;
    return { ...stage, targetRatePerS: (stage['targetRatePerS'] as number) * factor };
  });
  if (typeof load['startRatePerS'] === 'number') load['startRatePerS'] = (start as number) * factor;
}

/** Problems caused by an override, with the flag named: `load.ratePerS must be ... (got -5) (from --rate)`. */
export function attributeToOverrides(problems: readonly string[], overrides: ScenarioOverrides): string[] {
  return problems.map((problem) => {
    const mine = (p: string) => [' ', '[', '.'].some((next) => problem.startsWith(`${p}${next}`));
    // the last --set of a path is the one that stands
    const set = [...(overrides.set ?? [])].reverse().find((s) => mine(problemPath(s.path)));
    if (set) return `${problem} (from --set ${set.path}=${describeValue(set.value)})`;
    for (const [key, paths] of Object.entries(OVERRIDE_PATHS) as [keyof ScenarioOverrides, readonly string[]][]) {
      if (overrides[key] === undefined) continue;
      if (paths.some(mine)) {
        return `${problem} (from ${OVERRIDE_FLAGS[key]} ${describeValue(overrides[key])})`;
      }
    }
    return problem;
  });
}
