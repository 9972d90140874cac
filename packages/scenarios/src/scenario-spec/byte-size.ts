/**
 * Sizes in specs: a number of bytes or a string with a binary unit, as cache configs write them: `64m`, `64MB`,
 * `64MiB`, `512k`, `1g` (k = 1024, as Varnish's -s malloc,64m and nginx's max_size). Pure; the result is bytes.
 */

export type ByteSizeResult = { ok: true; bytes: number } | { ok: false; problem: string };

export const BYTE_SIZE_HINT = 'a size like 64m, 512k, 1g or a number of bytes';

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i;
const FACTOR: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

export function parseByteSize(value: unknown): ByteSizeResult {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return { ok: false, problem: `must be ${BYTE_SIZE_HINT} (whole, >= 0)` };
    return { ok: true, bytes: value };
  }
  if (typeof value !== 'string') return { ok: false, problem: `must be ${BYTE_SIZE_HINT}` };
  const m = SIZE.exec(value.trim());
  if (!m) return { ok: false, problem: `must be ${BYTE_SIZE_HINT}` };
  const bytes = Number(m[1]) * (FACTOR[(m[2] ?? '').toLowerCase()] ?? NaN);
  if (!Number.isFinite(bytes)) return { ok: false, problem: `must be ${BYTE_SIZE_HINT}` };
  return { ok: true, bytes: Math.round(bytes) };
}
