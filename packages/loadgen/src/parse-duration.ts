/**
 * Duration strings from the command line: '500ms', '30s', '2m', '1h', or plain seconds ('30', '1.5').
 * Errors name the option they came from.
 */
import { LoadSpecError } from './errors.js';

const UNIT_S: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds in `text`; throws LoadSpecError naming `option` when it is not a positive duration. */
export function parseDurationS(text: string | number, option = '--duration'): number {
  if (typeof text === 'number') {
    if (Number.isFinite(text) && text > 0) return text;
    throw new LoadSpecError([`${option} must be a positive duration (got ${text})`]);
  }
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?\s*$/i.exec(text);
  const value = match ? Number(match[1]) * (UNIT_S[(match[2] ?? 's').toLowerCase()] ?? 1) : Number.NaN;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new LoadSpecError([
      `${option} must be a positive duration like 500ms, 30s, 2m, 1h or plain seconds (got ${JSON.stringify(text)})`,
    ]);
  }
  return value;
}
