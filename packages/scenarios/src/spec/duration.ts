/**
 * Durations in specs: a number of seconds (`20`, `1.5`, or the string `"20"`, as the generator's --duration takes
 * it) or a string with units (`30s`, `2m`, `1500ms`, `1h`, `1m30s`; units in any case). Pure; the result is seconds.
 */

export type DurationResult = { ok: true; seconds: number } | { ok: false; problem: string };

const UNIT_S: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1, ms: 0.001 };
const NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
const WHOLE = /^(?:(?:\d+(?:\.\d+)?|\.\d+)(?:ms|h|m|s))+$/;
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|h|m|s)/g;

/** The fix, quoted in every duration problem. */
export const DURATION_HINT = 'a duration like 30s, 2m, 1500ms or a number of seconds';

export function parseDuration(value: unknown): DurationResult {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, problem: `must be ${DURATION_HINT}, a finite number` };
    if (value < 0) return { ok: false, problem: `must be ${DURATION_HINT}, not negative` };
    return { ok: true, seconds: value };
  }
  if (typeof value !== 'string') return { ok: false, problem: `must be ${DURATION_HINT}` };
  const text = value.trim().toLowerCase();
  if (/^-/.test(text)) return { ok: false, problem: `must be ${DURATION_HINT}, not negative` };
  if (NUMBER.test(text)) return { ok: true, seconds: Number(text) };
  if (!WHOLE.test(text)) return { ok: false, problem: `must be ${DURATION_HINT}` };
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(PART)) seconds += Number(amount) * (UNIT_S[unit as string] ?? NaN);
  // 1500ms is 1.5 s exactly; round away binary noise such as 0.1 + 0.2 from compound forms.
  return { ok: true, seconds: Math.round(seconds * 1e9) / 1e9 };
}

/** `parseDuration` for callers that want an exception (e.g. a CLI flag); `name` starts the message. */
export function durationSeconds(value: unknown, name = 'duration'): number {
  const r = parseDuration(value);
  if (!r.ok) throw new RangeError(`${name} ${r.problem} (got ${JSON.stringify(value)})`);
  return r.seconds;
}

/** Seconds as the shortest exact unit: 86400 -> "24h", 90 -> "90s", 0.25 -> "250ms". */
export function formatDuration(seconds: number): string {
  if (seconds !== 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds !== 0 && seconds % 60 === 0 && seconds < 3600) return `${seconds / 60}m`;
  if (Number.isInteger(seconds)) return `${seconds}s`;
  return `${Math.round(seconds * 1e6) / 1e3}ms`;
}
