/**
 * The X-Cache value of an embedded-cache response, decided when its headers arrive. Pure.
 * - PASS: a method the cache does not store (only GET is cached; HEAD, POST, ... go straight through);
 * - MISS: this request's own origin fetch answered it; REVALIDATED when the origin said 304 and the stored copy
 *   was sent;
 * - STALE: served from the store past its freshness (undici marks those with `Warning: 110`), a background
 *   refresh follows;
 * - HIT: served from the store, or coalesced: it waited for another request's origin fetch (as in Varnish,
 *   where requests parked on a busy object are hits once it arrives).
 */
import type { RequestTag } from './origin-tap.js';

export type EmbeddedOutcome = 'HIT' | 'MISS' | 'STALE' | 'PASS' | 'REVALIDATED';

export interface OutcomeInput {
  method: string;
  tag: Readonly<RequestTag>;
  statusCode: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function classifyEmbeddedResponse(input: OutcomeInput): { outcome: EmbeddedOutcome; coalesced: boolean } {
  if (input.method !== 'GET') return { outcome: 'PASS', coalesced: false };
  if (input.tag.reachedOrigin) {
    const revalidated = input.tag.originStatus === 304 && input.statusCode !== 304;
    return { outcome: revalidated ? 'REVALIDATED' : 'MISS', coalesced: false };
  }
  const warning = input.headers['warning'];
  const warnings = Array.isArray(warning) ? warning : warning === undefined ? [] : [warning];
  if (warnings.some((w) => w.trimStart().startsWith('110'))) return { outcome: 'STALE', coalesced: false };
  // The store adds Age to what it serves; a deduplicated request gets the origin's headers, without one.
  return { outcome: 'HIT', coalesced: input.headers['age'] === undefined };
}
