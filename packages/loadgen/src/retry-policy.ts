/**
 * Client retries (pure): which outcomes a client retries, how long it waits before each retry, and a retry budget.
 *
 * Backoff follows the AWS Architecture Blog's "Exponential Backoff And Jitter": the un-jittered delay before retry n
 * (1-based) is `min(maxMs, baseMs × multiplier^(n-1))` (exponential) or `min(maxMs, baseMs)` (constant); jitter
 * `full` draws uniformly from [0, delay), `equal` from [delay/2, delay), `none` keeps the delay.
 *
 * The budget is a token bucket as in gRPC's and Finagle's retry budgets: each logical request deposits `ratio`
 * tokens, each retry withdraws one, and a retry without a whole token is denied (not sent). Deposits and withdrawals
 * count over the last `windowS` only (Finagle's TTL), plus a reserve of `minPerS × windowS` tokens per window, so a
 * long healthy period does not bank an unlimited allowance for the next storm.
 */
import type { Rng } from './rng.js';

/** The outcomes a client may retry: the status classes of summary.status that are failures. */
export type RetryOutcome = '503' | '5xx' | 'timeout' | 'connError';

export const RETRY_OUTCOMES: readonly RetryOutcome[] = ['503', '5xx', 'timeout', 'connError'];

export interface RetryBudgetPolicy {
  /** tokens each logical request deposits: the fraction of requests that may be retried (0.1 = 10 %) */
  ratio: number;
  /** reserve: retries per second allowed whatever the traffic (over all workers) */
  minPerS: number;
  /** deposits and withdrawals older than this no longer count (seconds) */
  windowS: number;
}

export interface RetryPolicy {
  /** outcomes that are retried ('5xx' is 5xx other than 503, as in summary.status: list both for every 5xx) */
  on: RetryOutcome[];
  /** attempts per logical request, the first included (1 = never retry) */
  maxAttempts: number;
  backoff: 'constant' | 'exponential';
  /** delay before the first retry (exponential) or before every retry (constant), before jitter */
  baseMs: number;
  /** cap on the delay before jitter */
  maxMs: number;
  /** exponential: factor between consecutive delays */
  multiplier: number;
  jitter: 'none' | 'full' | 'equal';
  /** null: no budget, every allowed attempt is sent */
  budget: RetryBudgetPolicy | null;
}

export const DEFAULT_RETRY_POLICY = {
  on: ['503', 'timeout', 'connError'],
  maxAttempts: 3,
  backoff: 'exponential',
  baseMs: 100,
  maxMs: 10_000,
  multiplier: 2,
  jitter: 'full',
  budget: null,
} as const satisfies RetryPolicy;

export const DEFAULT_RETRY_BUDGET = { minPerS: 0, windowS: 10 } as const satisfies Partial<RetryBudgetPolicy>;

/** The delay before retry `retry` (1 = the first retry), ms. `random` is drawn once, only when jitter needs it. */
export function backoffDelayMs(
  policy: Pick<RetryPolicy, 'backoff' | 'baseMs' | 'maxMs' | 'multiplier' | 'jitter'>,
  retry: number,
  random: Rng,
): number {
  const raw = policy.backoff === 'constant' ? policy.baseMs : policy.baseMs * policy.multiplier ** (retry - 1);
  const delay = Math.min(policy.maxMs, raw);
  switch (policy.jitter) {
    case 'none':
      return delay;
    case 'full':
      return random() * delay;
    case 'equal':
      return delay / 2 + (random() * delay) / 2;
  }
}

/**
 * Per-outcome switches, looked up on every failed attempt (a plain object of booleans: no Set/array search on the
 * hot path).
 */
export interface RetryOn {
  '503': boolean;
  '5xx': boolean;
  timeout: boolean;
  connError: boolean;
  /** never retried: kept so that any status class can be looked up */
  '2xx': false;
  '4xx': false;
}

export function retryOnTable(on: readonly RetryOutcome[]): RetryOn {
  return {
    '503': on.includes('503'),
    '5xx': on.includes('5xx'),
    timeout: on.includes('timeout'),
    connError: on.includes('connError'),
    '2xx': false,
    '4xx': false,
  };
}

/** Slots the budget window is divided into: deposits expire one slot at a time. */
const SLOTS = 10;

/**
 * One client's retry budget (see the file comment). Times are epoch ms, passed in: no clock inside. Fixed storage:
 * no allocation per request.
 */
export class RetryBudget {
  readonly #ratio: number;
  readonly #reserve: number;
  readonly #slotMs: number;
  readonly #deposits = new Float64Array(SLOTS);
  readonly #withdrawals = new Float64Array(SLOTS);
  /** absolute slot number (time / slotMs) each ring entry holds; -1 when empty */
  readonly #slotOf = new Float64Array(SLOTS).fill(-1);

  /** `share`: this client's part of the reserve (a worker's 1/workers of minPerS) */
  constructor(policy: RetryBudgetPolicy, share = 1) {
    this.#ratio = policy.ratio;
    this.#reserve = policy.minPerS * share * policy.windowS;
    this.#slotMs = (policy.windowS * 1000) / SLOTS;
  }

  /** A logical request was sent at `now`: it deposits `ratio` tokens. */
  deposit(now: number): void {
    const i = this.#slot(now);
    this.#deposits[i] = (this.#deposits[i] as number) + this.#ratio;
  }

  /** Takes a token for one retry at `now`; false (and nothing taken) when the budget has less than one. */
  tryWithdraw(now: number): boolean {
    const i = this.#slot(now);
    if (this.balance(now) < 1) return false;
    this.#withdrawals[i] = (this.#withdrawals[i] as number) + 1;
    return true;
  }

  /** Tokens available at `now`: reserve + deposits - withdrawals over the window. */
  balance(now: number): number {
    const current = Math.floor(now / this.#slotMs);
    let tokens = this.#reserve;
    for (let i = 0; i < SLOTS; i++) {
      const slot = this.#slotOf[i] as number;
      if (slot > current - SLOTS && slot <= current) tokens += (this.#deposits[i] as number) - (this.#withdrawals[i] as number);
    }
    // float sums of 0.1s: a hair under a whole token is a whole token
    return tokens + 1e-9;
  }

  /** The ring index for `now`, cleared when it last held an older slot. */
  #slot(now: number): number {
    const slot = Math.floor(now / this.#slotMs);
    const i = slot % SLOTS;
    if (this.#slotOf[i] !== slot) {
      this.#slotOf[i] = slot;
      this.#deposits[i] = 0;
      this.#withdrawals[i] = 0;
    }
    return i;
  }
}
