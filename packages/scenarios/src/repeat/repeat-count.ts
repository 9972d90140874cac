/** `--repeat N`: how many times to run the scenario. Bounded so a typo cannot book the machine for a day. Pure. */
import { UsageError } from '../usage/usage-error.js';

export const MAX_REPEAT = 50;

/** @throws UsageError naming --repeat unless `value` is a whole number from 1 to MAX_REPEAT. */
export function repeatCount(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_REPEAT) return value;
  const got = typeof value === 'number' && Number.isNaN(value) ? 'not a number' : JSON.stringify(value);
  throw new UsageError([`--repeat must be a whole number from 1 to ${MAX_REPEAT} (got ${got})`]);
}
