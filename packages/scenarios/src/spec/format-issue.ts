/**
 * Schema issues -> problem sentences: `<path> <what is wrong> (got <value>)`. Paths read as in the file
 * (`timeline[2].at`); unknown fields and unknown choices get a "did you mean" from the schema's own names.
 */
import { z } from 'zod';
import { didYouMean } from './did-you-mean.js';

type Segment = PropertyKey;

export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out;
}

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

export function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let v = root;
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[s];
  }
  return v;
}

/** One sentence per problem (an unknown-keys issue gives one per key). */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  schema: z.ZodType,
  rootName = 'scenario',
): string[] {
  return issues.flatMap((issue) => formatIssue(issue, root, schema, rootName));
}

function formatIssue(issue: z.core.$ZodIssue, root: unknown, schema: z.ZodType, rootName: string): string[] {
  const at = (path: readonly Segment[]) => formatPath(path) || rootName;
  const path = at(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, issue.path, root);
    return issue.keys.map((key) => {
      const hint = didYouMean(key, known) || (known.length > 0 ? `; known fields: ${known.join(', ')}` : '');
      return `${at([...issue.path, key])} is not a known field${hint}`;
    });
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
    const options = ((issue as { options?: readonly unknown[] }).options ?? []).map(String);
    const value = valueAt(root, issue.path);
    const list = options.join(', ');
    if (value === undefined) return [`${path} is required: one of ${list}`];
    const hint = typeof value === 'string' ? didYouMean(value, options) : '';
    return [`${path} must be one of ${list} (got ${describeValue(value)})${hint}`];
  }
  const value = valueAt(root, issue.path);
  if (value === undefined) return [`${path} is required: it ${issue.message}`];
  const hint =
    issue.code === 'invalid_value' && typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : '';
  return [`${path} ${issue.message} (got ${describeValue(value)})${hint}`];
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
