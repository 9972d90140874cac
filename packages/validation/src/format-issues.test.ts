import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValue, formatIssues, formatPath } from './format-issues.js';

const didYouMean = (word: string, candidates: readonly string[]) =>
  candidates.includes(`${word}s`) ? `; did you mean ${word}s?` : '';

const schema = z.strictObject({
  workers: z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }),
  stages: z.array(z.strictObject({ targetRatePerS: z.number({ error: 'must be a number' }).min(0, { error: 'must be >= 0' }) })).optional(),
  model: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('open') }), z.strictObject({ kind: z.literal('closed') })], {
    error: 'must be an object such as { kind: open }',
  }).optional(),
});

function problems(input: unknown, names = false): string[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) return [];
  return formatIssues(parsed.error.issues, input, {
    rootName: 'options',
    ...(names ? { names: { schema, didYouMean } } : {}),
  }).map((p) => p.message);
}

describe('formatIssues', () => {
  it('says what is wrong with the schema\'s words, then the value', () => {
    expect(problems({ workers: 1.5 })).toEqual(['workers must be an integer (got 1.5)']);
    expect(problems({ workers: 1, stages: [{ targetRatePerS: -1 }] })).toEqual(['stages[0].targetRatePerS must be >= 0 (got -1)']);
    const root: z.core.$ZodIssue = { code: 'custom', path: [], message: 'must be an object', input: 'x' };
    expect(formatIssues([root], 'x', { rootName: 'options' })).toEqual([{ path: 'options', message: 'options must be an object (got "x")' }]);
  });

  // the copies disagreed here: the fake origin and the caches said "(got undefined)", the spec "is required: it ..."
  it('a missing value is required, with what it must be', () => {
    expect(problems({})).toEqual(['workers is required: it must be a number']);
  });

  // ... and here: the spec named an unknown field without its value, the fake origin and the caches with it
  it('an unknown field is named with its value, and with names the closest known one', () => {
    expect(problems({ workers: 1, worker: 2 })).toEqual(['worker is not a known field (got 2)']);
    expect(problems({ workers: 1, worker: 2 }, true)).toEqual(['worker is not a known field; did you mean workers? (got 2)']);
    expect(problems({ workers: 1, flavour: 'x' }, true)).toEqual([
      'flavour is not a known field; known fields: workers, stages, model (got "x")',
    ]);
  });

  it('an unknown discriminator: the schema\'s words, or with names its choices', () => {
    expect(problems({ workers: 1, model: { kind: 'half' } })).toEqual([
      'model.kind must be an object such as { kind: open } (got "half")',
    ]);
    expect(problems({ workers: 1, model: { kind: 'half' } }, true)).toEqual(['model.kind must be one of open, closed (got "half")']);
    expect(problems({ workers: 1, model: {} }, true)).toEqual(['model.kind is required: one of open, closed']);
  });

  it('says each sentence once', () => {
    const issue: z.core.$ZodIssue = { code: 'custom', path: ['workers'], message: 'must be small', input: 9 };
    expect(formatIssues([issue, issue], { workers: 9 }, { rootName: 'options' })).toEqual([
      { path: 'workers', message: 'workers must be small (got 9)' },
    ]);
  });
});

describe('formatPath / describeValue', () => {
  it.each([
    [[], ''],
    [['a', 'b'], 'a.b'],
    [['timeline', 2, 'at'], 'timeline[2].at'],
    [['headers', 'X-Trace-Id'], 'headers.X-Trace-Id'],
    [['headers', 'bad name'], 'headers["bad name"]'],
  ])('%j -> %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });

  it.each([
    [5, '5'],
    ['x', '"x"'],
    [undefined, 'undefined'],
    [{ a: 1 }, '{"a":1}'],
    ['y'.repeat(100), `"${'y'.repeat(56)}...`],
  ])('%j reads %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});
