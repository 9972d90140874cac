/**
 * Leaf schemas for spec fields. Every one carries its own message, phrased as the fix (`must be an integer between
 * 1 and 100000`), so that problem lists never show a schema library's generic wording. formatIssues
 * (@stampede/validation) adds the path in front and `(got X)` behind.
 */
import { z } from 'zod';
import { BYTE_SIZE_HINT, parseByteSize } from './byte-size.js';
import { DURATION_HINT, formatDuration, parseDuration } from '@stampede/loadgen';

export function num(bounds: { gt?: number; min?: number; max: number }) {
  const lower = bounds.gt !== undefined ? `> ${bounds.gt}` : `>= ${bounds.min ?? 0}`;
  const what = `must be a number ${lower} and <= ${bounds.max}`;
  const s = z.number({ error: what }).max(bounds.max, { error: what });
  return bounds.gt !== undefined ? s.gt(bounds.gt, { error: what }) : s.min(bounds.min ?? 0, { error: what });
}

export function int(min: number, max: number) {
  const what = `must be an integer between ${min} and ${max}`;
  return z.number({ error: what }).int({ error: what }).min(min, { error: what }).max(max, { error: what });
}

export const anyInt = z.number({ error: 'must be an integer' }).int({ error: 'must be an integer' });

export const bool = z.boolean({ error: 'must be true or false' });

export const text = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/**
 * A duration in seconds: a number or a string such as `30s`, `2m`, `1500ms`. `whole` asks for whole seconds
 * (Cache-Control max-age and the like).
 */
export function seconds(bounds: { min?: number; gt?: number; max: number; whole?: boolean }) {
  const lower = bounds.gt !== undefined ? `> ${formatDuration(bounds.gt)}` : `>= ${formatDuration(bounds.min ?? 0)}`;
  const range = `${lower} and <= ${formatDuration(bounds.max)}`;
  return z
    .union([z.number(), z.string()], { error: `must be ${DURATION_HINT}` })
    .transform((v, ctx): number => {
      const r = parseDuration(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.problem, input: v });
        return z.NEVER;
      }
      const s = r.seconds;
      const tooLow = bounds.gt !== undefined ? s <= bounds.gt : s < (bounds.min ?? 0);
      if (tooLow || s > bounds.max) {
        ctx.addIssue({ code: 'custom', message: `must be a duration ${range}`, input: v });
        return z.NEVER;
      }
      if (bounds.whole && !Number.isInteger(s)) {
        ctx.addIssue({ code: 'custom', message: 'must be a whole number of seconds', input: v });
        return z.NEVER;
      }
      return s;
    });
}

/** A size in bytes: a whole number or a string such as `64m`, `512k`. */
export function byteSize(min: number, max: number) {
  return z
    .union([z.number(), z.string()], { error: `must be ${BYTE_SIZE_HINT}` })
    .transform((v, ctx): number => {
      const r = parseByteSize(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.problem, input: v });
        return z.NEVER;
      }
      if (r.bytes < min || r.bytes > max) {
        ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max} bytes`, input: v });
        return z.NEVER;
      }
      return r.bytes;
    });
}

/**
 * A field that also has a string shorthand (`zipf:1.1`): strings go through `parse`, anything else straight to
 * `schema`, whose own problems (with their paths) are reported as they are.
 */
export function withShorthand<T, I>(
  schema: z.ZodType<T, I>,
  parse: (text: string) => { ok: true; value: I } | { ok: false; problem: string },
): z.ZodType<T, I | string> {
  return z
    .unknown()
    .transform((v, ctx) => {
      if (typeof v !== 'string') return v;
      const r = parse(v);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: r.problem, input: v });
      return z.NEVER;
    })
    .pipe(schema) as unknown as z.ZodType<T, I | string>;
}
