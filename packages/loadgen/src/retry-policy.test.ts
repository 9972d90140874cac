import { describe, expect, it } from 'vitest';
import { backoffDelayMs, RetryBudget, retryOnTable, type RetryPolicy } from './retry-policy.js';
import { createRng } from './rng.js';

type Backoff = Pick<RetryPolicy, 'backoff' | 'baseMs' | 'maxMs' | 'multiplier' | 'jitter'>;

const exp: Backoff = { backoff: 'exponential', baseMs: 100, maxMs: 1000, multiplier: 2, jitter: 'none' };
const constant: Backoff = { ...exp, backoff: 'constant' };
/** a "random" source that always returns the same fraction */
const fixed = (f: number) => () => f;

describe('backoffDelayMs', () => {
  it.each([
    ['exponential, retry 1', exp, 1, 0.5, 100],
    ['exponential, retry 2', exp, 2, 0.5, 200],
    ['exponential, retry 4', exp, 4, 0.5, 800],
    ['exponential, capped at maxMs', exp, 5, 0.5, 1000],
    ['exponential, far past the cap (no overflow)', exp, 2000, 0.5, 1000],
    ['multiplier 3', { ...exp, multiplier: 3 }, 3, 0.5, 900],
    ['constant', constant, 1, 0.5, 100],
    ['constant, later retries', constant, 7, 0.5, 100],
    ['constant, capped', { ...constant, baseMs: 5000 }, 1, 0.5, 1000],
    ['full jitter draws from [0, d)', { ...exp, jitter: 'full' }, 3, 0.25, 100],
    ['full jitter, 0', { ...exp, jitter: 'full' }, 3, 0, 0],
    ['equal jitter draws from [d/2, d)', { ...exp, jitter: 'equal' }, 3, 0.5, 300],
    ['equal jitter, 0 is d/2', { ...exp, jitter: 'equal' }, 3, 0, 200],
    ['base 0 is no wait', { ...exp, baseMs: 0 }, 3, 0.5, 0],
  ] as const)('%s', (_, policy, retry, f, want) => {
    expect(backoffDelayMs(policy, retry, fixed(f))).toBeCloseTo(want, 9);
  });

  it('with a seeded RNG: the same sequence for the same seed, within the jitter range', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 200 }, (_, i) => backoffDelayMs({ ...exp, jitter: 'full' }, (i % 5) + 1, rng));
    };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8)).not.toEqual(a);
    a.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.min(1000, 100 * 2 ** (i % 5)));
    });
    // full jitter spreads retries: the mean of U[0, d) is d/2 (retry 1, d = 100)
    const rng = createRng(3);
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += backoffDelayMs({ ...exp, jitter: 'full' }, 1, rng);
    expect(sum / n).toBeGreaterThan(48);
    expect(sum / n).toBeLessThan(52);
  });

  it('draws no random number without jitter', () => {
    let draws = 0;
    backoffDelayMs(exp, 2, () => (draws++, 0.5));
    expect(draws).toBe(0);
  });
});

describe('retryOnTable', () => {
  it('switches on exactly the listed outcomes, never success or 4xx', () => {
    expect(retryOnTable(['503', 'timeout'])).toEqual({
      '503': true,
      '5xx': false,
      timeout: true,
      connError: false,
      '2xx': false,
      '4xx': false,
    });
  });
});

describe('RetryBudget', () => {
  const T = 1_700_000_000_000; // an epoch time

  it.each([
    // [what, ratio, minPerS, logical requests deposited, retries asked, retries allowed]
    ['10 % of 100 requests', 0.1, 0, 100, 50, 10],
    ['10 % of 95 requests: whole tokens only', 0.1, 0, 95, 50, 9],
    ['no deposits, no reserve: nothing', 0.1, 0, 0, 5, 0],
    ['reserve alone: minPerS x windowS', 0, 2, 0, 50, 20],
    ['reserve plus deposits', 0.5, 1, 10, 50, 15],
    ['ratio 1: one retry per request', 1, 0, 30, 100, 30],
  ] as const)('%s', (_, ratio, minPerS, deposits, asked, allowed) => {
    const budget = new RetryBudget({ ratio, minPerS, windowS: 10 });
    for (let i = 0; i < deposits; i++) budget.deposit(T + i);
    let got = 0;
    for (let i = 0; i < asked; i++) if (budget.tryWithdraw(T + 100 + i)) got++;
    expect(got).toBe(allowed);
  });

  it('deposits expire after the window: a healthy past does not pay for a storm', () => {
    const budget = new RetryBudget({ ratio: 0.1, minPerS: 0, windowS: 10 });
    // 60 s of healthy traffic, 100 requests/s: 600 tokens deposited in all
    for (let s = 0; s < 60; s++) for (let i = 0; i < 100; i++) budget.deposit(T + s * 1000 + i * 10);
    // ... of which only the last 10 s count (100 tokens; the window is ten 1-s slots, the current one included)
    expect(budget.balance(T + 59_999)).toBeGreaterThan(99);
    expect(budget.balance(T + 59_999)).toBeLessThan(101.001);
    // 30 s later, with no traffic since, nothing is left
    expect(budget.tryWithdraw(T + 90_000)).toBe(false);
  });

  it('withdrawals count against the window and expire with it', () => {
    const budget = new RetryBudget({ ratio: 0.1, minPerS: 0, windowS: 1 });
    for (let i = 0; i < 100; i++) budget.deposit(T + i);
    let got = 0;
    while (budget.tryWithdraw(T + 200)) got++;
    expect(got).toBe(10);
    // a second later the slots holding both the deposits and the withdrawals have expired
    for (let i = 0; i < 20; i++) budget.deposit(T + 1500 + i);
    expect(budget.tryWithdraw(T + 1600)).toBe(true);
    expect(budget.tryWithdraw(T + 1600)).toBe(true);
    expect(budget.tryWithdraw(T + 1600)).toBe(false);
  });

  it('a worker gets its share of the reserve', () => {
    const budget = new RetryBudget({ ratio: 0, minPerS: 4, windowS: 10 }, 1 / 4);
    let got = 0;
    while (budget.tryWithdraw(T) && got < 1000) got++;
    expect(got).toBe(10);
  });
});
