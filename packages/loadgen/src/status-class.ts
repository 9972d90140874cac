/**
 * Status classes (DESIGN.md): 2xx, 503, other 5xx, 4xx — plus timeout and connError, which are not
 * responses. 1xx/3xx final statuses (e.g. 304 Not Modified from a revalidating cache) count as '2xx':
 * the class means "success", and the contract has no 3xx field.
 */
import type { StatusCounts } from './result.js';

export type ResponseClass = '2xx' | '503' | '5xx' | '4xx';

export function classifyStatus(statusCode: number): ResponseClass {
  if (statusCode < 400) return '2xx';
  if (statusCode < 500) return '4xx';
  return statusCode === 503 ? '503' : '5xx';
}

export function emptyStatusCounts(): StatusCounts {
  return { '2xx': 0, '503': 0, '5xx': 0, '4xx': 0, timeout: 0, connError: 0 };
}

/** Adds `from` into `into` (mutates and returns `into`). */
export function addStatusCounts(into: StatusCounts, from: Readonly<StatusCounts>): StatusCounts {
  into['2xx'] += from['2xx'];
  into['503'] += from['503'];
  into['5xx'] += from['5xx'];
  into['4xx'] += from['4xx'];
  into.timeout += from.timeout;
  into.connError += from.connError;
  return into;
}

/** Completions that carried an HTTP status (everything but timeout and connError). */
export function responsesOf(status: Readonly<StatusCounts>): number {
  return status['2xx'] + status['503'] + status['5xx'] + status['4xx'];
}
