/** The embedded cache's own counters, plain numbers so stats() can copy them out. */
export interface EmbeddedCounters {
  /** requests the proxy received */
  requests: number;
  hit: number;
  miss: number;
  stale: number;
  pass: number;
  revalidated: number;
  /** hits that waited for another request's origin fetch (deduplicate) instead of reading the store */
  coalesced: number;
  /** requests sent to the origin (foreground + background) */
  originFetches: number;
  /** stale-while-revalidate refreshes sent after a stale response was already served */
  backgroundFetches: number;
  /** origin fetches that failed (connection refused, reset, timeout) */
  originErrors: number;
  /** 502 answers sent because the origin could not be reached */
  responses502: number;
  purges: number;
  bans: number;
  /** objects removed by ban() and purgeKeys() */
  banned: number;
  restarts: number;
  reloads: number;
}

export function emptyEmbeddedCounters(): EmbeddedCounters {
  return {
    requests: 0,
    hit: 0,
    miss: 0,
    stale: 0,
    pass: 0,
    revalidated: 0,
    coalesced: 0,
    originFetches: 0,
    backgroundFetches: 0,
    originErrors: 0,
    responses502: 0,
    purges: 0,
    bans: 0,
    banned: 0,
    restarts: 0,
    reloads: 0,
  };
}
