import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReport, renderJson } from './report-json.js';
import type { Report } from './report.js';
import { ReportFileError } from './report-file-error.js';

const fixtureText = readFileSync(new URL('../report/fixtures/global-purge.report.json', import.meta.url), 'utf8');
const fixture = (): Report => JSON.parse(fixtureText) as Report;

/** Same data, every object's keys reversed except inside free-form values (whose order is the user's). */
const FREE_FORM = new Set(['spec', 'config', 'serviceMs', 'distribution', 'detail']);
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, FREE_FORM.has(k) ? v : reversed(v)]),
  );
}

function errorOf(fn: () => unknown): ReportFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReportFileError) return err;
    throw err;
  }
  throw new Error('expected a ReportFileError');
}

describe('renderJson', () => {
  it('round-trips', () => {
    expect(JSON.parse(renderJson(fixture()))).toEqual(fixture());
    expect(renderJson(readReport(renderJson(fixture())))).toBe(renderJson(fixture()));
  });

  it('orders keys as the contract does, whatever order the object was built in', () => {
    const text = renderJson(reversed(fixture()) as Report);
    expect(text).toBe(renderJson(fixture()));
    const topKeys = [...text.matchAll(/^ {2}"(\w+)":/gm)].map((m) => m[1]);
    expect(topKeys).toEqual(['schema', 'runId', 'startedAt', 'tool', 'scenario', 'cache', 'origin', 'load', 'events', 'summary', 'series', 'histograms', 'verdict']);
  });

  it('writes "2xx" before "503" (integer-like keys would otherwise come first)', () => {
    const text = renderJson(fixture());
    const status = text.slice(text.indexOf('"status"'), text.indexOf('"rate503"'));
    expect(status.indexOf('"2xx"')).toBeLessThan(status.indexOf('"503"'));
  });

  it('keeps unknown (additive) fields after the known ones, and drops undefined like JSON.stringify', () => {
    const r = { ...fixture(), zExtra: { b: 1, a: [1, undefined] }, interrupted: undefined } as unknown as Report;
    const text = renderJson(r);
    expect(JSON.parse(text).zExtra).toEqual({ b: 1, a: [1, null] });
    expect(text).not.toContain('interrupted');
    expect(text.indexOf('"zExtra"')).toBeGreaterThan(text.indexOf('"verdict"'));
  });

  it('formats like JSON.stringify(_, null, 2) for already-ordered data', () => {
    const small = { schema: 'x', runId: 'r', events: [], tool: { version: '1' }, verdict: { pass: true, failures: [] } };
    expect(renderJson(small as unknown as Report)).toBe(
      `${JSON.stringify({ schema: 'x', runId: 'r', tool: { version: '1' }, events: [], verdict: { pass: true, failures: [] } }, null, 2)}\n`,
    );
  });
});

describe('readReport', () => {
  it('reads the fixture and keeps unknown fields', () => {
    const r = readReport(JSON.stringify({ ...fixture(), future: { field: 1 } }));
    expect(r.summary.recovery.recovered).toBe(true);
    expect((r as unknown as { future: unknown }).future).toEqual({ field: 1 });
  });

  it.each<{ name: string; text: string; message: string | RegExp; problems?: string[] }>([
    { name: 'not JSON', text: '{"schema": ', message: /^r\.json: not valid JSON \(/ },
    { name: 'not an object', text: '[1, 2]', message: 'r.json: not a stampede report: expected a JSON object' },
    { name: 'no schema field', text: '{"runId": "x"}', message: 'r.json: not a stampede report: no "schema" field (expected "stampede.report/v1")' },
    {
      name: 'another schema version',
      text: '{"schema": "stampede.report/v2"}',
      message: 'r.json: unsupported report schema "stampede.report/v2": this stampede reads "stampede.report/v1"',
    },
    {
      name: 'wrong types, named by path',
      text: JSON.stringify({
        ...fixture(),
        summary: { ...fixture().summary, recovery: { recovered: 'yes', seconds: null } },
        series: fixture().series.map((p, i) => (i === 3 ? { ...p, status: { ...p.status, '503': -1 } } : p)),
      }),
      message: /^r\.json: invalid stampede\.report\/v1 report \(2 problems\):/,
      problems: ['summary.recovery.recovered: expected boolean, received string', 'series[3].status.503: Too small: expected number to be >=0'],
    },
    {
      name: 'missing fields',
      text: JSON.stringify({ schema: 'stampede.report/v1', runId: 'x' }),
      message: /problems\):/,
      problems: ['startedAt: expected string, received undefined', 'verdict: expected object, received undefined'],
    },
  ])('$name', ({ text, message, problems }) => {
    const err = errorOf(() => readReport(text, 'r.json'));
    expect(err.code).toBe('STAMPEDE_SPEC');
    expect(err.file).toBe('r.json');
    if (typeof message === 'string') expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
    for (const p of problems ?? []) expect(err.problems).toContain(p);
  });

  it('lists at most 20 problems', () => {
    const bad = { ...fixture(), series: fixture().series.map((p) => ({ ...p, t: 'later' })) };
    const err = errorOf(() => readReport(JSON.stringify(bad)));
    expect(err.problems).toHaveLength(21);
    expect(err.problems[20]).toBe('... and 40 more');
    expect(err.message).toContain('(60 problems)');
  });
});
