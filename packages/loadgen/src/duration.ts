/**
 * Durations, the one grammar for the generator's flags (--duration, --stages) and for scenario specs: a number of
 * seconds (`20`, `1.5`, or the string `"20"`) or a string with units (`30s`, `2m`, `1500ms`, `1h`, `1m30s`; units in
 * any case, no space inside). Pure; the result is seconds.
 */
import { LoadSpecError } from './errors.js';

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

/**
 * Seconds in `text` for a command-line option that needs a positive duration.
 * @throws LoadSpecError naming `option` when `text` is not a duration or not > 0
 */
export function parseDurationS(text: string | number, option = '--duration'): number {
  if (typeof text === 'number') {
    if (Number.isFinite(text) && text > 0) return text;
    throw new LoadSpecError([`${option} must be a positive duration (got ${text})`]);
  }
  const r = parseDuration(text);
  if (!r.ok || !(r.seconds > 0)) {
    throw new LoadSpecError([
      `${option} must be a positive duration like 500ms, 30s, 2m, 1h or plain seconds (got ${JSON.stringify(text)})`,
    ]);
  }
  return r.seconds;
}

/** Seconds as the shortest exact unit: 86400 -> "24h", 90 -> "90s", 0.25 -> "250ms". */
export function formatDuration(seconds: number): string {
  if (seconds !== 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds !== 0 && seconds % 60 === 0 && seconds < 3600) return `${seconds / 60}m`;
  if (Number.isInteger(seconds)) return `${seconds}s`;
  return `${Math.round(seconds * 1e6) / 1e3}ms`;
}
