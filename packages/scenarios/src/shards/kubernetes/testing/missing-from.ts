/**
 * What a round trip through a typed decoder (kubectl's Go types, client-node's models) lost or changed: decoders
 * drop fields they do not know without a word, so "every field we wrote comes back equal" is the check.
 */
/** Paths of `expected` whose value `actual` does not hold (every leaf of expected must be in actual, equal). */
export function missingFrom(expected: unknown, actual: unknown, path = ''): string[] {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(expected, actual) ? [] : [`${path || '.'}: wrote ${JSON.stringify(expected)}, got back ${JSON.stringify(actual)}`];
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(expected) !== Array.isArray(actual)) {
    return [`${path || '.'}: wrote ${JSON.stringify(expected)}, got back ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected) && (actual as unknown[]).length !== expected.length) {
    return [`${path}: wrote ${expected.length} items, got back ${(actual as unknown[]).length}`];
  }
  return Object.entries(expected).flatMap(([k, v]) => missingFrom(v, (actual as Record<string, unknown>)[k], `${path}.${k}`));
}
