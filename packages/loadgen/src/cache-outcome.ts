/**
 * Cache outcome of a response, from one header (X-Cache, X-Cache-Status, ...). Only the first token
 * counts, case-insensitively ("HIT", "hit", "HIT 3", "MISS, HIT" -> its first word):
 * HIT -> hit; MISS, EXPIRED, REVALIDATED -> miss (a revalidation waits on the origin); STALE, UPDATING, GRACE -> stale; PASS, BYPASS -> pass;
 * anything else, or no header -> unknown.
 */
import type { CacheCounts } from './result.js';

export type CacheOutcome = keyof CacheCounts;

const OUTCOME_BY_TOKEN: ReadonlyMap<string, CacheOutcome> = new Map<string, CacheOutcome>([
  ['hit', 'hit'],
  ['miss', 'miss'],
  ['expired', 'miss'],
  ['stale', 'stale'],
  ['updating', 'stale'],
  ['grace', 'stale'],
  ['revalidated', 'miss'],
  ['pass', 'pass'],
  ['bypass', 'pass'],
]);

/** longest known token; longer first words are unknown without being read */
const MAX_TOKEN = 11;

export function classifyCacheHeader(value: string | readonly string[] | null | undefined): CacheOutcome {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') return 'unknown';
  const token = /^[\s]*([^\s,;]*)/.exec(first)?.[1] ?? '';
  return OUTCOME_BY_TOKEN.get(token.toLowerCase()) ?? 'unknown';
}

/** classifyCacheHeader for a raw header value (hot path: no regex, one short string at most). */
export function classifyCacheBytes(value: Uint8Array): CacheOutcome {
  let start = 0;
  const len = value.length;
  while (start < len && isSpace(value[start] as number)) start++;
  let end = start;
  while (end < len && !isDelimiter(value[end] as number)) end++;
  if (end === start || end - start > MAX_TOKEN) return 'unknown';
  let token = '';
  for (let i = start; i < end; i++) {
    const c = value[i] as number;
    token += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  return OUTCOME_BY_TOKEN.get(token) ?? 'unknown';
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function isDelimiter(c: number): boolean {
  return c === 32 || c === 9 || c === 44 || c === 59;
}

export function emptyCacheCounts(): CacheCounts {
  return { hit: 0, miss: 0, stale: 0, pass: 0, unknown: 0 };
}

/** Adds `from` into `into` (mutates and returns `into`). */
export function addCacheCounts(into: CacheCounts, from: Readonly<CacheCounts>): CacheCounts {
  into.hit += from.hit;
  into.miss += from.miss;
  into.stale += from.stale;
  into.pass += from.pass;
  into.unknown += from.unknown;
  return into;
}
