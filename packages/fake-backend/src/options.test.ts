import { describe, expect, test } from 'vitest';
import { BackendOptionsError } from './errors.js';
import {
  applyRuntimeConfig,
  backendDefaults,
  validateBackendOptions,
  validatePauseRequest,
  validateRuntimeConfig,
} from './options.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BackendOptionsError);
    expect((err as BackendOptionsError).code).toBe('STAMPEDE_BACKEND_OPTIONS');
    return (err as BackendOptionsError).problems.map((p) => p.message);
  }
  throw new Error('expected a BackendOptionsError');
}

describe('validateBackendOptions', () => {
  test('fills every default and freezes the result', () => {
    const o = validateBackendOptions({});
    expect(o).toEqual(backendDefaults);
    expect(o).toEqual({
      host: '127.0.0.1',
      port: 0,
      adminPort: 0,
      allowRemote: false,
      concurrency: 32,
      queue: 64,
      queueTimeoutMs: 1000,
      serveAbandoned: false,
      retryAfterS: 1,
      serviceTime: { kind: 'lognormal', p50Ms: 20, p99Ms: 80 },
      contention: 0,
      ttlS: 60,
      staleWhileRevalidateS: 0,
      ttlJitterPct: 0,
      bodyBytes: 1024,
      seed: 1,
      intervalMs: 1000,
      contentVersion: 1,
    });
    expect(Object.isFrozen(o)).toBe(true);
    expect(Object.isFrozen(o.serviceTime)).toBe(true);
    expect(validateBackendOptions(undefined)).toEqual(backendDefaults);
  });

  test('keeps given values', () => {
    const o = validateBackendOptions({
      concurrency: 2,
      queue: 0,
      serviceTime: { kind: 'exponential', meanMs: 5 },
      ttlJitterPct: 12.5,
      host: 'localhost',
    });
    expect(o).toMatchObject({ concurrency: 2, queue: 0, serviceTime: { kind: 'exponential', meanMs: 5 }, ttlJitterPct: 12.5 });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['concurrency', { concurrency: -2 }, 'concurrency must be an integer >= 1 (got -2)'],
    ['concurrency fraction', { concurrency: 1.5 }, 'concurrency must be an integer >= 1 (got 1.5)'],
    ['concurrency NaN', { concurrency: Number.NaN }, 'concurrency must be an integer >= 1 (got NaN)'],
    ['queue', { queue: -1 }, 'queue must be an integer >= 0 (got -1)'],
    ['queueTimeoutMs', { queueTimeoutMs: 0 }, 'queueTimeoutMs must be an integer between 1 and 2147483647 (got 0)'],
    ['retryAfterS', { retryAfterS: '1' }, 'retryAfterS must be an integer between 0 and 86400 (got "1")'],
    ['port', { port: 70000 }, 'port must be an integer between 0 and 65535 (got 70000)'],
    ['adminPort', { adminPort: -1 }, 'adminPort must be an integer between 0 and 65535 (got -1)'],
    ['contention', { contention: -0.5 }, 'contention must be a number >= 0 and <= 1000 (got -0.5)'],
    ['ttlS', { ttlS: 1.5 }, 'ttlS must be an integer between 0 and 31536000 (got 1.5)'],
    ['staleWhileRevalidateS', { staleWhileRevalidateS: -1 }, 'staleWhileRevalidateS must be an integer between 0 and 31536000 (got -1)'],
    ['ttlJitterPct', { ttlJitterPct: 101 }, 'ttlJitterPct must be a number >= 0 and <= 100 (got 101)'],
    ['bodyBytes', { bodyBytes: -1 }, 'bodyBytes must be an integer between 0 and 67108864 (got -1)'],
    ['seed', { seed: 0.5 }, 'seed must be an integer (got 0.5)'],
    ['intervalMs', { intervalMs: 50 }, 'intervalMs must be an integer between 100 and 10000 (got 50)'],
    ['contentVersion', { contentVersion: -1 }, 'contentVersion must be an integer >= 0 (got -1)'],
    ['allowRemote', { allowRemote: 'yes' }, 'allowRemote must be true or false (got "yes")'],
    ['host empty', { host: '' }, 'host must not be empty (got "")'],
    [
      'host remote',
      { host: '0.0.0.0' },
      'host must be a loopback address (127.0.0.1, ::1, localhost) unless allowRemote is true (got "0.0.0.0")',
    ],
    ['unknown field', { concurency: 3 }, 'concurency is not a known option (got 3)'],
    [
      'serviceTime kind',
      { serviceTime: { kind: 'normal' } },
      'serviceTime.kind must be one of "constant", "exponential" or "lognormal" (got "normal")',
    ],
    [
      'serviceTime not an object',
      { serviceTime: 20 },
      'serviceTime must be an object such as {"kind":"lognormal","p50Ms":20,"p99Ms":80} (got 20)',
    ],
    ['constant ms', { serviceTime: { kind: 'constant', ms: -1 } }, 'serviceTime.ms must be a number >= 0 and <= 3600000 (got -1)'],
    [
      'exponential meanMs',
      { serviceTime: { kind: 'exponential', meanMs: 0 } },
      'serviceTime.meanMs must be a number > 0 and <= 3600000 (got 0)',
    ],
    [
      'lognormal missing p99',
      { serviceTime: { kind: 'lognormal', p50Ms: 20 } },
      // one formatter for every package: a missing value reads as the spec's does, not "(got undefined)"
      'serviceTime.p99Ms is required: it must be a number > 0 and <= 3600000',
    ],
    [
      'lognormal p99 < p50',
      { serviceTime: { kind: 'lognormal', p50Ms: 20, p99Ms: 10 } },
      'serviceTime.p99Ms must be >= serviceTime.p50Ms (got 10)',
    ],
    [
      'serviceTime extra field',
      { serviceTime: { kind: 'constant', ms: 1, meanMs: 2 } },
      'serviceTime.meanMs is not a known option (got 2)',
    ],
  ])('%s is named with what is wrong and the value', (_name, input, message) => {
    expect(problemsOf(() => validateBackendOptions(input))).toEqual([message]);
  });

  test('a *.localhost name is a loopback host, as for the load generator (RFC 6761)', () => {
    // the fake origin's own loopback rule once refused it, while the generator's accepted it
    expect(validateBackendOptions({ host: 'api.localhost' }).host).toBe('api.localhost');
  });

  test('a remote host is accepted with allowRemote', () => {
    expect(validateBackendOptions({ host: '0.0.0.0', allowRemote: true }).host).toBe('0.0.0.0');
  });

  test('every problem is reported at once, in one message', () => {
    let error: BackendOptionsError | undefined;
    try {
      validateBackendOptions({ concurrency: 0, queue: -3, ttlS: 'x', host: '10.1.2.3', extra: true });
    } catch (err) {
      error = err as BackendOptionsError;
    }
    expect(error?.problems.map((p) => p.path).sort()).toEqual(['concurrency', 'extra', 'host', 'queue', 'ttlS']);
    expect(error?.message).toContain('5 problems');
    for (const p of error?.problems ?? []) expect(error?.message).toContain(p.message);
  });

  test.each([5, null, 'x', [1]])('a non-object (%o) is one problem', (input) => {
    expect(problemsOf(() => validateBackendOptions(input))).toHaveLength(1);
  });
});

describe('validateRuntimeConfig', () => {
  test('accepts a partial patch and applies it onto the options', () => {
    const patch = validateRuntimeConfig({ ttlS: 5, concurrency: 8, serviceTime: { kind: 'constant', ms: 3 } });
    const next = applyRuntimeConfig(backendDefaults, patch);
    expect(next).toMatchObject({ ttlS: 5, concurrency: 8, serviceTime: { kind: 'constant', ms: 3 }, queue: 64 });
    expect(Object.isFrozen(next)).toBe(true);
    expect(validateRuntimeConfig({})).toEqual({});
  });

  test('names bad values, start-only fields and unknown fields together', () => {
    expect(problemsOf(() => validateRuntimeConfig({ ttlS: -1, port: 8080, seed: 2, bogus: 1 }))).toEqual([
      'ttlS must be an integer between 0 and 31536000 (got -1)',
      'port cannot be changed at run time (restart the backend) (got 8080)',
      'seed cannot be changed at run time (restart the backend) (got 2)',
      'bogus is not a run-time setting (got 1)',
    ]);
  });

  test.each([null, 'x', 3])('%o is not a patch', (patch) => {
    expect(problemsOf(() => validateRuntimeConfig(patch))[0]).toMatch(/^config must be a JSON object/);
  });
});

describe('validatePauseRequest', () => {
  test.each([
    [{}, {}],
    [{ ms: 250 }, { ms: 250 }],
  ])('%o', (body, expected) => {
    expect(validatePauseRequest(body)).toEqual(expected);
  });

  test('a bad duration is named', () => {
    expect(problemsOf(() => validatePauseRequest({ ms: -5 }))).toEqual(['ms must be an integer between 0 and 2147483647 (got -5)']);
    expect(problemsOf(() => validatePauseRequest({ seconds: 1 }))).toEqual(['seconds is not a pause setting (got 1)']);
  });
});
