/**
 * Schema issues -> problem sentences, the one formatter for every package: `<path> <what is wrong> (got <value>)`.
 * Paths read as in the input (`timeline[2].at`); the words are the schema's own messages; an unknown field is named
 * with its value; a missing value reads `<path> is required: it <what a value must be>`. Given `names`, unknown
 * fields, choices and discriminators are described from the schema's own names, with the closest one suggested.
 */
import { z } from 'zod';

type Segment = PropertyKey;

/** One validation problem: the field's path (`grace.seconds`, `timeline[2].at`) and the sentence naming it. */
export interface Problem {
  path: string;
  message: string;
}

export interface IssueFormat {
  /** the subject of an issue about the input as a whole: `scenario`, `options`, `config` */
  rootName: string;
  /** what is said of an unknown field (default `is not a known field`) */
  unknownField?: (key: string) => string;
  /**
   * The schema the input was parsed with and a suggester (`"; did you mean x?"` or `''`). With them an unknown field
   * lists the known ones, and an unknown or missing discriminator lists its choices, instead of the schema's words.
   */
  names?: { schema: z.ZodType; didYouMean: (word: string, candidates: readonly string[]) => string };
}

/** `a.b[2].c`; a key that is not a plain name in brackets: `headers["bad name"]` */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (!PLAIN_KEY.test(String(s))) out += `[${JSON.stringify(String(s))}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** A value as it appears in messages: strings quoted, long values cut. */
export function describeValue(v: unknown): string {
  let s: string;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'undefined') s = String(v);
  else if (typeof v === 'function' || typeof v === 'symbol') s = typeof v;
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The input's value at `path` (undefined where the path leaves the input). */
export function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let v = root;
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[s];
  }
  return v;
}

/** One problem per issue (an unknown-keys issue gives one per key), each sentence once, in issue order. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root: unknown, format: IssueFormat): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const issue of issues) {
    for (const problem of formatIssue(issue, root, format)) {
      if (seen.has(problem.message)) continue;
      seen.add(problem.message);
      out.push(problem);
    }
  }
  return out;
}

function formatIssue(issue: z.core.$ZodIssue, root: unknown, format: IssueFormat): Problem[] {
  const at = (path: readonly Segment[]) => formatPath(path) || format.rootName;
  const problem = (path: readonly Segment[], sentence: (p: string) => string): Problem => {
    const p = at(path);
    return { path: p, message: sentence(p) };
  };
  const names = format.names;
  const hint = (word: string, candidates: readonly string[]) => names?.didYouMean(word, candidates) ?? '';
  if (issue.code === 'unrecognized_keys') {
    const known = names ? knownKeysAt(names.schema, issue.path, root) : [];
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      const what = format.unknownField?.(key) ?? 'is not a known field';
      const more = hint(key, known) || (known.length > 0 ? `; known fields: ${known.join(', ')}` : '');
      return problem(path, (p) => `${p} ${what}${more} (got ${describeValue(valueAt(root, path))})`);
    });
  }
  const value = valueAt(root, issue.path);
  if (names && issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
    const options = ((issue as { options?: readonly unknown[] }).options ?? []).map(String);
    const list = options.join(', ');
    if (value === undefined) return [problem(issue.path, (p) => `${p} is required: one of ${list}`)];
    const more = typeof value === 'string' ? hint(value, options) : '';
    return [problem(issue.path, (p) => `${p} must be one of ${list} (got ${describeValue(value)})${more}`)];
  }
  // a bad record key: the key is what was wrong, not its value
  if (issue.code === 'invalid_key') {
    const key = issue.path.at(-1);
    return [problem(issue.path, (p) => `${p} ${issue.message} (got ${describeValue(String(key))})`)];
  }
  if (value === undefined) return [problem(issue.path, (p) => `${p} is required: it ${issue.message}`)];
  const more = issue.code === 'invalid_value' && typeof value === 'string' ? hint(value, issue.values.map(String)) : '';
  return [problem(issue.path, (p) => `${p} ${issue.message} (got ${describeValue(value)})${more}`)];
}

/**
 * The field names an object schema accepts at `path`, following the input through unions (a discriminated union
 * picks the option named by the input's discriminator), optionals, defaults and pipes.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly Segment[], root: unknown): string[] {
  let here: z.ZodType[] = [schema];
  let value = root;
  for (const segment of path) {
    const next: z.ZodType[] = [];
    for (const s of here.flatMap((h) => concrete(h, value))) {
      if (s instanceof z.ZodObject && typeof segment === 'string') {
        const child = (s.shape as Record<string, z.ZodType>)[segment];
        if (child) next.push(child);
      } else if (s instanceof z.ZodArray && typeof segment === 'number') {
        next.push(s.element as z.ZodType);
      }
    }
    here = next;
    value = valueAt(value, [segment]);
  }
  const keys = new Set<string>();
  for (const s of here.flatMap((h) => concrete(h, value))) {
    if (s instanceof z.ZodObject) for (const k of Object.keys(s.shape)) keys.add(k);
  }
  return [...keys];
}

/** The object/array schemas a (wrapped) schema may stand for, given the input value. */
function concrete(schema: z.ZodType, value: unknown, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const again = (s: unknown) => concrete(s as z.ZodType, value, depth + 1);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return again(schema.unwrap());
  }
  if (schema instanceof z.ZodPrefault) return again(schema.unwrap());
  if (schema instanceof z.ZodPipe) return [...again(schema.in), ...again(schema.out)];
  if (schema instanceof z.ZodUnion) {
    const discriminator = (schema.def as { discriminator?: unknown }).discriminator;
    const options = schema.options as z.ZodType[];
    if (typeof discriminator === 'string' && value !== null && typeof value === 'object') {
      const tag = (value as Record<string, unknown>)[discriminator];
      const match = options.filter(
        (o) => o instanceof z.ZodObject && literalValues(o.shape[discriminator]).includes(tag),
      );
      return match.flatMap(again);
    }
    return options.flatMap(again);
  }
  if (schema instanceof z.ZodObject || schema instanceof z.ZodArray) return [schema];
  return [];
}

function literalValues(schema: unknown): unknown[] {
  return schema instanceof z.ZodLiteral ? [...schema.values] : [];
}
