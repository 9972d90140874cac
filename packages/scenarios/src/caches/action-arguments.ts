/**
 * Argument checks shared by every adapter's ban() and purgeKeys(), so a bad pattern fails the same way (code
 * STAMPEDE_SPEC) whichever cache runs it, before the cache is touched.
 */
import { CacheOptionsError } from './errors.js';

/**
 * A ban pattern is a regular expression over the URL (path + query), e.g. `^/items/1` or `\.css$`.
 * Checked with JavaScript's syntax; Varnish (PCRE2) and the adapters agree on the common subset.
 * @throws CacheOptionsError
 */
export function compileBanPattern(pattern: string): RegExp {
  if (typeof pattern !== 'string' || pattern === '') {
    throw new CacheOptionsError([{ path: 'pattern', message: `ban pattern must be a non-empty regular expression (got ${JSON.stringify(pattern)})` }], 'ban');
  }
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new CacheOptionsError(
      [{ path: 'pattern', message: `ban pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(err as Error).message}` }],
      'ban',
    );
  }
}

/** @throws CacheOptionsError unless every path is a request target ("/" first, no whitespace: encode it as %20) */
export function checkPurgePaths(paths: readonly string[]): void {
  const problems = (Array.isArray(paths) ? paths : [paths]).flatMap((p, i) =>
    typeof p === 'string' && p.startsWith('/') && !/\s/.test(p)
      ? []
      : [{ path: `paths[${i}]`, message: `paths[${i}] must be a request target: "/" first, no whitespace (got ${JSON.stringify(p)})` }],
  );
  if (!Array.isArray(paths)) problems.unshift({ path: 'paths', message: 'paths must be an array of paths' });
  if (problems.length > 0) throw new CacheOptionsError(problems, 'purge request');
}
