/**
 * load.retry: the client retry policy in a scenario spec. Defaults filled in, shorthands, round trip, and one
 * problem per mistake naming the field.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from './errors.js';
import { validateScenario } from './validate.js';

const base = { name: 'r', load: { ratePerS: 100, durationS: '30s', keys: 100 }, timeline: [{ at: '15s', action: 'purge-all' }] };
const withRetry = (retry: unknown) => ({ ...base, load: { ...base.load, retry } });

function problems(input: unknown): string[] {
  try {
    validateScenario(input);
  } catch (err) {
    if (err instanceof SpecError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('load.retry', () => {
  it('left out: no retries', () => {
    expect(validateScenario(base).load.retry).toBeUndefined();
  });

  it('fills every field; budget: 0.1 is { ratio: 0.1 }; the result validates to itself', () => {
    const spec = validateScenario(withRetry({ maxAttempts: 4, backoff: 'constant', baseMs: 5, budget: 0.1 }));
    expect(spec.load.retry).toEqual({
      on: ['503', 'timeout', 'connError'],
      maxAttempts: 4,
      backoff: 'constant',
      baseMs: 5,
      maxMs: 10_000,
      multiplier: 2,
      jitter: 'full',
      budget: { ratio: 0.1, minPerS: 0, windowS: 10 },
    });
    expect(validateScenario(structuredClone(spec))).toEqual(spec);
    expect(validateScenario(withRetry({ budget: null })).load.retry?.budget).toBeNull();
    expect(validateScenario(withRetry({ budget: { ratio: 0.2, minPerS: 5, windowS: '5s' } })).load.retry?.budget).toEqual({
      ratio: 0.2,
      minPerS: 5,
      windowS: 5,
    });
  });

  it.each([
    [{ maxAttempts: 0 }, 'load.retry.maxAttempts must be an integer between 1 and 100'],
    [{ on: ['404'] }, 'load.retry.on[0] must be one of 503, 5xx, timeout, connError'],
    [{ on: [] }, 'load.retry.on must list at least one outcome (or leave retry out)'],
    [{ on: ['503', '503'] }, 'load.retry.on must not list an outcome twice'],
    [{ backoff: 'linear' }, 'load.retry.backoff must be one of constant, exponential'],
    [{ jitter: 'half' }, 'load.retry.jitter must be one of none, full, equal'],
    [{ baseMs: 500, maxMs: 100 }, 'load.retry.maxMs must be >= load.retry.baseMs (500): the cap on the backoff delay'],
    [{ multiplier: 0.5 }, 'load.retry.multiplier must be a number >= 1 and <= 100'],
    [{ budget: -1 }, 'load.retry.budget must be a fraction of requests such as 0.1'],
    [{ budget: { ratio: -1 } }, 'load.retry.budget.ratio must be a number >= 0 and <= 100'],
    [{ budget: 'lots' }, 'load.retry.budget must be a fraction of requests such as 0.1'],
    [{ tries: 3 }, 'load.retry.tries is not a known field'],
    ['yes', 'load.retry must be an object such as { maxAttempts: 3'],
  ])('%j -> %s', (retry, problem) => {
    const got = problems(withRetry(retry));
    expect(got.some((p) => p.startsWith(problem)), got.join('\n')).toBe(true);
  });
});
