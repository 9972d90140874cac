import type { ScenarioDefinition } from './rig.js';
import { RETRY_STORM_LOAD, retryStorm } from './retry-storm.js';

/**
 * The same trigger with well-behaved clients: exponential backoff with full jitter (AWS, "Exponential Backoff And
 * Jitter") and a retry budget (gRPC / Finagle): at most 2% of the requests over the last 10 s may be retried.
 */
export const retryStormBackoff: ScenarioDefinition = {
  summary: 'retries with backoff, jitter and a budget',
  fault: 'ban of 7% of keys + 3 s origin stall',
  mitigationOf: 'retry-storm',
  input: {
    ...retryStorm.input,
    name: 'retry-storm-backoff',
    title: 'Retry storm averted: exponential backoff, full jitter and a 2% retry budget',
    description:
      'The retry-storm trigger with clients that wait 100 ms x 2^n (up to 2 s, full jitter) between attempts and ' +
      'retry at most 2% of their requests over the last 10 s (further retries are denied: the request fails at ' +
      'once). The budget is sized to what reaches the origin: with ~95% hits, a 10% budget would let every miss ' +
      'retry twice over. The origin works off the requests queued behind the stall, the banned keys refill and the ' +
      'run recovers; summary.retry shows the retries the budget denied.',
    load: {
      ...RETRY_STORM_LOAD,
      retry: {
        on: ['503', '5xx', 'timeout', 'connError'],
        maxAttempts: 5,
        backoff: 'exponential',
        baseMs: 100,
        maxMs: 2000,
        multiplier: 2,
        jitter: 'full',
        budget: { ratio: 0.02 },
      },
    },
  },
};
