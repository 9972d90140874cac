import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { RemoteTargetError } from './errors.js';
import { connectionsForWorker, DEFAULT_LOAD_SPEC, LIMITS, loadRatePerS, OPEN_RATE_PER_WORKER, validateLoadSpec } from './spec.js';
import { problemsOf } from '../test-support/problems-of.js';

const URL = 'http://127.0.0.1:8080/items/{key}';
const base = { url: URL, ratePerS: 100, durationS: 10 };

function specProblems(input: unknown): readonly string[] {
  return problemsOf(() => validateLoadSpec(input));
}

describe('validateLoadSpec: defaults', () => {
  it('fills every default and freezes the result', () => {
    const spec = validateLoadSpec(base);
    expect(spec).toEqual({
      url: URL,
      model: 'open',
      arrival: 'constant',
      ratePerS: 100,
      stages: [],
      startRatePerS: 0,
      durationS: 10,
      workers: 1,
      connections: 64,
      pipelining: 1,
      timeoutMs: 10_000,
      maxInFlight: 10_000,
      keys: 1000,
      distribution: { kind: 'zipf', s: 1.1 },
      seed: 1,
      intervalMs: 1000,
      cacheHeader: 'x-cache',
      method: 'GET',
      headers: {},
      allowRemote: false,
    });
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.distribution)).toBe(true);
    expect(DEFAULT_LOAD_SPEC.distribution).toEqual({ kind: 'zipf', s: 1.1 });
  });

  it('stages: the duration is their sum and ratePerS their peak', () => {
    const spec = validateLoadSpec({
      url: URL,
      startRatePerS: 10,
      stages: [
        { durationS: 5, targetRatePerS: 200 },
        { durationS: 2.5, targetRatePerS: 50 },
      ],
    });
    expect(spec.durationS).toBe(7.5);
    expect(spec.ratePerS).toBe(200);
  });

  it('closed model needs no rate; workers default to the cores, at most the connections', () => {
    expect(validateLoadSpec({ url: URL, model: 'closed', durationS: 1 }).workers).toBe(Math.min(availableParallelism(), 64));
    const spec = validateLoadSpec({ url: URL, model: 'closed', durationS: 1, connections: 1 });
    expect(spec.ratePerS).toBe(0);
    expect(spec.workers).toBe(1);
  });

  it('open model: workers default to what the peak rate needs, at most the cores', () => {
    const cores = availableParallelism();
    expect(validateLoadSpec({ ...base, ratePerS: OPEN_RATE_PER_WORKER }).workers).toBe(1);
    expect(validateLoadSpec({ ...base, ratePerS: OPEN_RATE_PER_WORKER + 1 }).workers).toBe(Math.min(2, cores));
    const atMost = Math.ceil(LIMITS.maxRatePerS / OPEN_RATE_PER_WORKER);
    expect(validateLoadSpec({ ...base, ratePerS: LIMITS.maxRatePerS }).workers).toBe(Math.min(cores, atMost));
    const ramp = { url: URL, stages: [{ durationS: 1, targetRatePerS: OPEN_RATE_PER_WORKER * 3 }] };
    expect(validateLoadSpec(ramp).workers).toBe(Math.min(3, cores));
  });

  it('lower-cases the cache header and request header names', () => {
    const spec = validateLoadSpec({ ...base, cacheHeader: 'X-Cache-Status', headers: { 'X-Test': 'a' } });
    expect(spec.cacheHeader).toBe('x-cache-status');
    expect(spec.headers).toEqual({ 'x-test': 'a' });
  });
});

describe('validateLoadSpec: idempotent (a LoadResult.spec can be run again)', () => {
  it.each([
    ['open', base],
    ['closed', { url: URL, model: 'closed', durationS: 2 }],
    ['closed with a rate', { url: URL, model: 'closed', durationS: 2, ratePerS: 50 }],
    ['stages', { url: URL, startRatePerS: 5, stages: [{ durationS: 1, targetRatePerS: 10 }] }],
    ['poisson, hotset', { ...base, arrival: 'poisson', distribution: { kind: 'hotset', hotFraction: 0.2, hotTrafficFraction: 0.8 } }],
  ])('%s', (_name, input) => {
    const once = validateLoadSpec(input);
    expect(validateLoadSpec(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });
});

describe('validateLoadSpec: each bad field is named', () => {
  it.each([
    [{ ratePerS: -5 }, 'ratePerS must be > 0 (got -5)'],
    [{ ratePerS: 0 }, 'ratePerS must be > 0 (got 0)'],
    [{ ratePerS: 'fast' }, 'ratePerS must be a number (got "fast")'],
    [{ durationS: 0 }, 'durationS must be > 0 (got 0)'],
    [{ workers: 0 }, 'workers must be >= 1 (got 0)'],
    [{ workers: 1.5 }, 'workers must be an integer (got 1.5)'],
    [{ connections: 0 }, 'connections must be >= 1 (got 0)'],
    [{ pipelining: 2000 }, 'pipelining must be <= 1024 (got 2000)'],
    [{ timeoutMs: -1 }, 'timeoutMs must be > 0 (got -1)'],
    [{ maxInFlight: 0 }, 'maxInFlight must be >= 1 (got 0)'],
    [{ keys: 0 }, 'keys must be >= 1 (got 0)'],
    [{ intervalMs: 50 }, 'intervalMs must be >= 100 (got 50)'],
    [{ intervalMs: 20_000 }, 'intervalMs must be <= 10000 (got 20000)'],
    [{ model: 'half-open' }, 'model must be one of "open", "closed" (got "half-open")'],
    [{ arrival: 'bursty' }, 'arrival must be one of "constant", "poisson" (got "bursty")'],
    [{ method: 'POST' }, 'method must be one of "GET", "HEAD" (got "POST")'],
    [{ seed: 1.5 }, 'seed must be an integer (got 1.5)'],
    [{ cacheHeader: 'x cache' }, 'cacheHeader must be an HTTP header name (got "x cache")'],
    [{ headers: { 'bad name': 'x' } }, 'headers["bad name"] is not a valid HTTP header name (got "bad name")'],
    [{ allowRemote: 'yes' }, 'allowRemote must be a boolean (got "yes")'],
    [{ distribution: { kind: 'pareto' } }, 'distribution.kind must be one of "uniform", "zipf", "hotset" (got "pareto")'],
    [{ distribution: { kind: 'zipf', s: -1 } }, 'distribution.s must be >= 0 (got -1)'],
    [
      { distribution: { kind: 'hotset', hotFraction: 0, hotTrafficFraction: 0.9 } },
      'distribution.hotFraction must be > 0 (got 0)',
    ],
    [{ stages: [{ durationS: 1, targetRatePerS: -1 }], ratePerS: undefined }, 'stages[0].targetRatePerS must be >= 0 (got -1)'],
    // one formatter for every package: an unknown field is named with its value, a missing one with what it must be
    [{ turbo: true }, 'turbo is not a known field (got true)'],
    // the generator used to take any rate, where a scenario spec stops at 1,000,000/s: one bound now
    [{ ratePerS: 2_000_000 }, 'ratePerS must be <= 1000000 (got 2000000)'],
    [{ ratePerS: undefined, stages: [{ durationS: 1, targetRatePerS: 2e6 }] }, 'stages[0].targetRatePerS must be <= 1000000 (got 2000000)'],
    [{ ratePerS: undefined, startRatePerS: 2e6, stages: [{ durationS: 1, targetRatePerS: 1 }] }, 'startRatePerS must be <= 1000000 (got 2000000)'],
    [{ url: 'not a url' }, 'url must be an absolute http(s) URL (got "not a url")'],
    [{ url: 'ftp://127.0.0.1/' }, 'url must use http or https (got "ftp")'],
    [{ url: 'http://u:p@127.0.0.1/' }, 'url must not contain credentials'],
    [{ ratePerS: undefined }, 'ratePerS is required for the open model (or give stages)'],
    [{ durationS: undefined }, 'durationS is required (or give stages)'],
    [{ workers: 8, connections: 4 }, 'workers must be <= connections (got workers 8, connections 4): every worker needs at least one connection'],
    [{ model: 'closed', stages: [{ durationS: 1, targetRatePerS: 1 }] }, 'stages only apply to the open model (model is "closed")'],
    [
      { ratePerS: undefined, durationS: 5, stages: [{ durationS: 3, targetRatePerS: 1 }] },
      'durationS must equal the sum of stages[].durationS (got 5, stages sum to 3); omit it',
    ],
    [{ stages: [{ durationS: 3, targetRatePerS: 1 }] }, 'ratePerS and stages are exclusive: give a constant rate or stages, not both'],
    [{ model: 'closed', ratePerS: -1 }, 'ratePerS must be >= 0 (got -1)'],
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts must be >= 1 (got 0)'],
    [{ retry: { maxAttempts: 2.5 } }, 'retry.maxAttempts must be an integer (got 2.5)'],
    [{ retry: { on: ['404'] } }, 'retry.on[0] must be one of "503", "5xx", "timeout", "connError" (got "404")'],
    [{ retry: { on: [] } }, 'retry.on must have at least 1 item(s) (got [])'],
    [{ retry: { on: ['503', '503'] } }, 'retry.on must not repeat an outcome (got "503", "503")'],
    [{ retry: { backoff: 'linear' } }, 'retry.backoff must be one of "constant", "exponential" (got "linear")'],
    [{ retry: { jitter: 'some' } }, 'retry.jitter must be one of "none", "full", "equal" (got "some")'],
    [{ retry: { baseMs: -1 } }, 'retry.baseMs must be >= 0 (got -1)'],
    [{ retry: { multiplier: 0.5 } }, 'retry.multiplier must be >= 1 (got 0.5)'],
    [{ retry: { baseMs: 500, maxMs: 100 } }, 'retry.maxMs must be >= retry.baseMs (got maxMs 100, baseMs 500)'],
    [{ retry: { budget: { ratio: -0.1 } } }, 'retry.budget.ratio must be >= 0 (got -0.1)'],
    [{ retry: { budget: {} } }, 'retry.budget.ratio is required: it must be a number'],
    [{ retry: { budget: { ratio: 0.1, windowS: 0 } } }, 'retry.budget.windowS must be > 0 (got 0)'],
    [{ retry: { tries: 3 } }, 'retry.tries is not a known field (got 3)'],
  ])('%j -> %s', (override, problem) => {
    expect(specProblems({ ...base, ...override })).toContain(problem);
  });

  it('no retry policy by default; a given one is completed with defaults and round-trips', () => {
    expect(validateLoadSpec(base).retry).toBeUndefined();
    const spec = validateLoadSpec({ ...base, retry: { maxAttempts: 5, budget: { ratio: 0.1 } } });
    expect(spec.retry).toEqual({
      on: ['503', 'timeout', 'connError'],
      maxAttempts: 5,
      backoff: 'exponential',
      baseMs: 100,
      maxMs: 10_000,
      multiplier: 2,
      jitter: 'full',
      budget: { ratio: 0.1, minPerS: 0, windowS: 10 },
    });
    expect(Object.isFrozen(spec.retry?.on)).toBe(true);
    expect(validateLoadSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('reports every problem at once', () => {
    const problems = specProblems({ url: 'ftp://x/', ratePerS: -5, keys: 0, intervalMs: 5, extra: 1 });
    expect(problems).toEqual(
      expect.arrayContaining([
        'url must use http or https (got "ftp")',
        'ratePerS must be > 0 (got -5)',
        'keys must be >= 1 (got 0)',
        'intervalMs must be >= 100 (got 5)',
        'extra is not a known field (got 1)',
        'durationS is required (or give stages)',
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('rejects a missing url and non-objects', () => {
    expect(specProblems({ ratePerS: 1, durationS: 1 })).toEqual(['url is required: it must be a string']);
    expect(specProblems(null)).toEqual(['load spec must be an object (got null)']);
    expect(specProblems([1])).toEqual(['load spec must be an object (got [1])']);
  });
});

describe('validateLoadSpec: remote targets', () => {
  it.each(['http://example.com/', 'http://10.1.2.3:8080/x', 'https://[2001:db8::1]/'])(
    'rejects %s without allowRemote, naming --allow-remote',
    (url) => {
      let error: unknown;
      try {
        validateLoadSpec({ ...base, url });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(RemoteTargetError);
      expect((error as RemoteTargetError).code).toBe('STAMPEDE_REMOTE_TARGET');
      expect((error as Error).message).toContain('pass --allow-remote');
    },
  );

  it('accepts a remote target with allowRemote', () => {
    expect(validateLoadSpec({ ...base, url: 'https://example.com/{key}', allowRemote: true }).url).toBe(
      'https://example.com/{key}',
    );
  });

  it.each(['http://localhost:1/', 'http://127.0.0.2/', 'http://[::1]:9/'])('accepts loopback %s', (url) => {
    expect(validateLoadSpec({ ...base, url }).allowRemote).toBe(false);
  });
});

describe('loadRatePerS', () => {
  it.each([
    [{ ratePerS: 400 }, 400],
    [{ stages: [{ durationS: 5, targetRatePerS: 100 }, { durationS: 5, targetRatePerS: 300 }] }, 300],
    // a ramp that starts with a pause still has a rate (the warm-up once derived 0 here, which the generator refused)
    [{ stages: [{ durationS: 5, targetRatePerS: 0 }, { durationS: 5, targetRatePerS: 300 }] }, 300],
    [{ startRatePerS: 500, stages: [{ durationS: 5, targetRatePerS: 100 }] }, 500],
    [{ ratePerS: 400, stages: [] }, 400],
    [{}, 0],
  ])('%j -> %d/s, the rate the validated spec carries', (load, rate) => {
    expect(loadRatePerS(load)).toBe(rate);
    if (rate > 0) expect(validateLoadSpec({ ...load, url: 'http://127.0.0.1:9/', durationS: 'stages' in load && load.stages.length > 0 ? undefined : 1 }).ratePerS).toBe(rate);
  });
});

describe('connectionsForWorker', () => {
  it.each([
    [64, 2, [32, 32]],
    [10, 3, [4, 3, 3]],
    [3, 3, [1, 1, 1]],
    [1, 1, [1]],
  ])('%i connections over %i workers -> %j', (connections, workers, split) => {
    const got = Array.from({ length: workers }, (_, w) => connectionsForWorker({ connections, workers }, w));
    expect(got).toEqual(split);
    expect(got.reduce((a, b) => a + b)).toBe(connections);
  });
});
