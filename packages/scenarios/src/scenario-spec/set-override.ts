/**
 * `--set path=value`: any spec field by its dotted path, applied to the raw spec before validation (so a set value
 * is validated exactly like the file it changes). Pure.
 */

/** One `--set`: `load.ratePerS=200000` -> { path: 'load.ratePerS', value: 200000 }. */
export interface SetOverride {
  /** dotted path; array elements by index: `timeline.0.at` or `timeline[0].at` */
  path: string;
  value: unknown;
}

/** Path segments that would reach an object's prototype rather than a spec field. */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** The segments of a path, or a sentence saying why it is not one. */
export function setPathSegments(path: string): string[] | string {
  const segments = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  if (segments.some((s) => s === '')) return `"${path}" is not a field path (write it as load.ratePerS or timeline.0.at)`;
  const bad = segments.find((s) => FORBIDDEN.has(s));
  if (bad !== undefined) return `"${path}" names ${bad}, which is not a spec field`;
  return segments;
}

/** A set path as validation problems name fields: `timeline.0.at` -> `timeline[0].at`. */
export function problemPath(path: string): string {
  const segments = setPathSegments(path);
  if (typeof segments === 'string') return path;
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * `text` as a value: JSON when it parses as JSON (numbers, booleans, null, objects, arrays, quoted strings),
 * otherwise the text itself (`45s`, `zipf:1.1`, `varnish`).
 */
export function parseSetValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Writes `value` at `path` into `raw` (mutated), creating the objects on the way; a malformed path is ignored
 * here (the command line refuses it first, with setPathSegments' sentence). */
export function applySet(raw: Record<string, unknown>, { path, value }: SetOverride): void {
  const segments = setPathSegments(path);
  if (typeof segments === 'string') return;
  let node: Record<string, unknown> | unknown[] = raw;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const container = node as Record<string, unknown>;
    if (last) {
      container[segment] = value;
      return;
    }
    const next = container[segment];
    if (next !== null && typeof next === 'object') node = next as Record<string, unknown>;
    else {
      const fresh: Record<string, unknown> = {};
      container[segment] = fresh;
      node = fresh;
    }
  });
}
