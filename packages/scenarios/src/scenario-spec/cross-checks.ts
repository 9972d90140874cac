/**
 * Rules that relate fields to each other. They read the raw input (each field parsed on its own with its schema)
 * so that they run even when unrelated fields are wrong: a spec's every problem is reported at once.
 */
import type { z } from 'zod';
import type { CacheCapability, CacheKind } from '../caches/adapter.js';
import { changeFields, type ChangeField } from '../caches/common-options.js';
import { changeRefusal, kindsWithField } from '../caches/options.js';
import { CACHE_REGISTRY } from '../caches/registry.js';
import { actionCapabilities, stepSchema } from './actions.js';
import { cacheSchema } from './cache-schema.js';
import { cacheCapabilities, CAPABILITIES_BY_KIND, cacheSettingCapabilities } from './capabilities.js';
import { formatDuration } from '@stampede/loadgen';
import { seconds } from './fields.js';
import { LIMITS } from './limits.js';
import { loadSchema } from './load-schema.js';
import { DEFAULTS } from './schema.js';
import type { TimelineStep } from './types.js';

type Raw = Record<string, unknown>;

const obj = (v: unknown): Raw | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : undefined;

/** The parsed value when `value` is valid on its own, else undefined (its problems are reported by the schema). */
function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

const anyDuration = seconds({ min: 0, max: Number.MAX_VALUE });
const dur = (v: unknown) => (v === undefined ? undefined : valid(anyDuration, v));
const fmt = (s: number) => formatDuration(s);

/** The kind takes `field` among its options (the cache registry's field table). */
const takes = (kind: CacheKind, field: string): boolean => kindsWithField(field).includes(kind);

export function crossChecks(raw: Raw): string[] {
  const problems: string[] = [];
  const load = obj(raw['load']);
  const cache = obj(raw['cache']);
  const steps = Array.isArray(raw['timeline']) ? (raw['timeline'] as unknown[]) : [];
  const keys = load === undefined ? undefined : valid(loadSchema.shape.keys, load['keys']);
  const durationS = load === undefined ? undefined : checkLoad(load, problems);
  const kind = valid(cacheSchema.shape.kind, cache?.['kind']);

  // Each step parsed on its own: valid steps take part in the relations below.
  const parsed = steps.map((s) => valid(stepSchema, s) as TimelineStep | undefined);
  checkTimes(raw, steps, durationS, problems);
  checkSteps(steps, parsed, keys, problems);
  checkWarmup(obj(raw['warmup']), keys, problems);
  if (cache !== undefined && kind !== undefined) checkCacheFields(cache, kind, problems);
  if (kind !== undefined) checkCapabilities(cache ?? {}, kind, parsed, problems);

  const expect = obj(raw['expect']);
  if (expect?.['recovers'] === false && steps.length === 0) {
    problems.push('expect.recovers is false but the timeline is empty: add the fault the scenario demonstrates');
  }
  return problems;
}

/** Rate vs stages vs model; returns the load's effective duration when it is known. */
function checkLoad(load: Raw, problems: string[]): number | undefined {
  const model = load['model'] ?? 'open';
  const stages = Array.isArray(load['stages']) ? (load['stages'] as unknown[]) : undefined;
  const has = (k: string) => load[k] !== undefined;
  const given = dur(load['durationS']);
  let stagesTotal: number | undefined;
  if (stages !== undefined) {
    const ds = stages.map((s) => dur(obj(s)?.['durationS']));
    if (ds.every((d) => d !== undefined)) stagesTotal = (ds as number[]).reduce((a, b) => a + b, 0);
  }
  if (model === 'closed') {
    if (has('stages')) problems.push('load.stages applies to the open model only (load.model is closed): remove it');
    if (has('ratePerS')) {
      problems.push(
        'load.ratePerS applies to the open model only (load.model is closed): set load.connections instead',
      );
    }
  } else if (model === 'open') {
    if (has('ratePerS') && has('stages')) {
      problems.push('load.ratePerS and load.stages are exclusive: give a constant rate or stages, not both');
    } else if (!has('ratePerS') && !has('stages')) {
      problems.push('load.ratePerS is required: requests per second, e.g. 400 (or give load.stages for ramps)');
    }
  }
  if (has('startRatePerS') && !has('stages')) {
    problems.push('load.startRatePerS applies to load.stages only: remove it or give stages');
  }
  if (stages !== undefined && model === 'open') {
    if (stagesTotal !== undefined && given !== undefined && Math.abs(given - stagesTotal) > 1e-9) {
      problems.push(
        `load.durationS must equal the stages' total (got ${fmt(given)}, the stages add up to ${fmt(stagesTotal)}): ` +
          'leave it out',
      );
    }
    if (stagesTotal !== undefined && stagesTotal > LIMITS.maxDurationS) {
      problems.push(`load.stages must add up to at most ${fmt(LIMITS.maxDurationS)} (got ${fmt(stagesTotal)})`);
    }
  } else if (!has('durationS')) {
    problems.push('load.durationS is required: the longest the load may run, e.g. 45s');
  }
  const workers = load['workers'];
  const connections = load['connections'];
  if (typeof workers === 'number' && typeof connections === 'number' && workers > connections) {
    problems.push(
      `load.workers must be <= load.connections (got workers ${workers}, connections ${connections}): ` +
        'every worker needs at least one connection',
    );
  }
  return stages !== undefined && model === 'open' ? stagesTotal : given;
}

/** Faults come after the baseline window and before the load ends. */
function checkTimes(raw: Raw, steps: unknown[], durationS: number | undefined, problems: string[]): void {
  const baselineS = raw['baselineS'] === undefined ? DEFAULTS.baselineS : dur(raw['baselineS']);
  steps.forEach((s, i) => {
    const at = dur(obj(s)?.['at']);
    if (at === undefined) return;
    if (baselineS !== undefined && at < baselineS) {
      problems.push(
        `timeline[${i}].at (${fmt(at)}) lands inside the baseline window: the first ${fmt(baselineS)} (baselineS) ` +
          `measure the steady state before any fault; move it to ${fmt(baselineS)} or later, or lower baselineS`,
      );
    }
    if (durationS !== undefined && at >= durationS) {
      problems.push(
        `timeline[${i}].at (${fmt(at)}) is not within the load's ${fmt(durationS)} (load.durationS): ` +
          'move it earlier or lengthen load.durationS',
      );
    }
  });
}

/** Parameters that go together, origin-down/up pairing, key counts. */
function checkSteps(
  steps: unknown[],
  parsed: (TimelineStep | undefined)[],
  keys: number | undefined,
  problems: string[],
): void {
  const tooMany = (path: string, n: number) => {
    if (keys !== undefined && n > keys) {
      problems.push(`${path} must be <= load.keys (got ${n}, the load uses ${keys} keys)`);
    }
  };
  steps.forEach((s, i) => {
    const step = obj(s);
    if (step === undefined) return;
    const has = (k: string) => step[k] !== undefined;
    const p = `timeline[${i}]`;
    switch (step['action']) {
      case 'origin-slowdown':
        if (has('factor') === has('serviceTime')) {
          const fix = has('factor') ? 'factor or serviceTime, not both' : 'factor (e.g. 3) or serviceTime';
          problems.push(`${p} origin-slowdown needs ${fix}`);
        }
        break;
      case 'origin-capacity':
        if (!has('concurrency') && !has('queue')) problems.push(`${p} origin-capacity needs concurrency and/or queue`);
        break;
      case 'reload-cache-config':
        if (Object.keys(step).every((k) => k === 'at' || k === 'action')) {
          problems.push(
            `${p} reload-cache-config changes nothing: give coalescing, grace, ttlOverrideS, maxCount, ` +
              'maxSizeBytes, vclFile or nginxConfFile',
          );
        }
        break;
      case 'restart-cache':
        if (step['mode'] === 'cold' && has('warm')) {
          problems.push(`${p}.warm applies to mode warm only: remove it or set mode: warm`);
        }
        break;
    }
  });
  parsed.forEach((step, i) => {
    if (step?.action === 'purge') {
      if (Array.isArray(step.keys)) {
        for (const k of step.keys) {
          const m = /^k(\d+)$/.exec(k);
          if (m && keys !== undefined && Number(m[1]) > keys) {
            problems.push(`timeline[${i}].keys names ${k}, beyond the load's ${keys} keys (k1 ... k${keys})`);
          }
        }
      } else tooMany(`timeline[${i}].keys.top`, step.keys.top);
    }
    if (step?.action === 'restart-cache' && step.warm !== undefined) {
      tooMany(`timeline[${i}].warm.topN`, step.warm.topN);
    }
  });
  // origin-up repairs an earlier origin-down.
  const order = parsed
    .map((step, i) => ({ step, i }))
    .filter((x): x is { step: TimelineStep; i: number } => x.step !== undefined)
    .sort((a, b) => a.step.at - b.step.at || a.i - b.i);
  let down = false;
  for (const { step, i } of order) {
    if (step.action === 'origin-down') down = true;
    if (step.action === 'origin-up') {
      if (!down) problems.push(`timeline[${i}] origin-up has no origin-down before it: add one or remove this step`);
      down = false;
    }
  }
}

function checkWarmup(warmup: Raw | undefined, keys: number | undefined, problems: string[]): void {
  if (warmup === undefined) return;
  const has = (k: string) => warmup[k] !== undefined;
  if (!has('durationS') && !has('prefetchTopN')) {
    problems.push(
      'warmup needs durationS (load before time 0) and/or prefetchTopN (keys fetched once), or false for none',
    );
  }
  if (has('prefetchRatePerS') && !has('prefetchTopN')) {
    problems.push('warmup.prefetchRatePerS applies with warmup.prefetchTopN: add it or remove the rate');
  }
  if (has('ratePerS') && !(typeof dur(warmup['durationS']) === 'number' && (dur(warmup['durationS']) as number) > 0)) {
    problems.push('warmup.ratePerS applies with a warmup.durationS > 0: add one or remove the rate');
  }
  const top = warmup['prefetchTopN'];
  if (typeof top === 'number' && keys !== undefined && top > keys) {
    problems.push(`warmup.prefetchTopN must be <= load.keys (got ${top}, the load uses ${keys} keys)`);
  }
}

function checkCacheFields(cache: Raw, kind: CacheKind, problems: string[]): void {
  const options = CACHE_REGISTRY[kind].options;
  for (const field of Object.keys(cacheSchema.shape).filter((f) => f !== 'kind')) {
    const kinds = kindsWithField(field);
    if (cache[field] !== undefined && !kinds.includes(kind)) {
      // a kind whose capabilities are its actions is a cache stampede does not configure
      const fix = options.actionFor !== undefined ? `configure your ${kind} cache itself` : `remove it or set cache.kind`;
      problems.push(`cache.${field} applies to the ${kinds.join(' / ')} cache only (cache.kind is ${kind}): ${fix}`);
    }
  }
  const file = options.ownFile;
  if (file !== undefined && cache[file.field] !== undefined) {
    for (const owned of file.owns) {
      if (cache[owned] !== undefined) {
        problems.push(`cache.${owned} cannot be combined with cache.${file.field}: set it in your ${file.name}`);
      }
    }
  }
  // a kind that takes `url` is a cache running at that address: it needs one
  if (takes(kind, 'url')) {
    const url = cache['url'];
    if (url === undefined) {
      problems.push(`cache.url is required for an ${kind} cache: its address, e.g. http://127.0.0.1:6081`);
    }
    else if (typeof url === 'string' && url !== '') {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(url).protocol);
      } catch {
        ok = false;
      }
      if (!ok) {
        const got = JSON.stringify(url);
        problems.push(`cache.url must be an absolute http:// URL such as http://127.0.0.1:6081 (got ${got})`);
      }
    }
  }
}

function checkCapabilities(
  cache: Raw,
  kind: CacheKind,
  steps: (TimelineStep | undefined)[],
  problems: string[],
): void {
  const actions = valid(cacheSchema.shape.actions, cache['actions']);
  const file = (k: string) => (typeof cache[k] === 'string' ? (cache[k] as string) : undefined);
  const caps = cacheCapabilities({ kind, actions, vclFile: file('vclFile'), nginxConfFile: file('nginxConfFile') });
  const options = CACHE_REGISTRY[kind].options;
  const lacking = (c: CacheCapability, what: string) => {
    if (caps[c]) return;
    if (options.actionFor !== undefined) {
      const a = options.actionFor[c];
      problems.push(
        a === undefined
          ? `${what} needs the ${c} capability, which an ${kind} cache does not offer: remove it`
          : `${what} needs the ${c} capability: add cache.actions.${a} ({ command } or { url }) to the ${kind} cache`,
      );
    } else if (options.ownFile !== undefined && CACHE_REGISTRY[kind].capabilities({})[c]) {
      const own = `${options.ownFile.name} (cache.${options.ownFile.field})`;
      problems.push(`${what} needs the ${c} capability, which your own ${own} decides: set it in that file instead`);
    } else {
      const others = Object.entries(CAPABILITIES_BY_KIND)
        .filter(([, k]) => k[c])
        .map(([name]) => name);
      const fix = `run it with --cache ${others.join(' or ')}`;
      problems.push(`${what} needs the ${c} capability, which the ${kind} cache lacks: ${fix}`);
    }
  };
  // settings the kind does not take at all are reported by checkCacheFields
  const settings = {
    coalescing: takes(kind, 'coalescing') ? (cache['coalescing'] as boolean | undefined) : undefined,
    grace: takes(kind, 'grace') ? (cache['grace'] as false | undefined) : undefined,
  };
  for (const c of cacheSettingCapabilities(settings)) lacking(c, `cache.${c === 'grace' ? 'grace' : 'coalescing'}`);
  steps.forEach((step, i) => {
    if (step === undefined) return;
    for (const c of actionCapabilities(step)) lacking(c, `timeline[${i}] (${step.action})`);
    if (step.action === 'reload-cache-config') {
      for (const field of Object.keys(changeFields) as ChangeField[]) {
        const why = step[field] === undefined ? undefined : changeRefusal(kind, field, 'spec');
        if (why !== undefined) problems.push(`timeline[${i}].${field} ${why}`);
      }
    }
  });
}
