/**
 * report.json: serialise with the contract's key order, and read back with validation.
 */
import type { z } from 'zod';
import { REPORT_SCHEMA, type Report } from './report.js';
import { ReportFileError } from './report-file-error.js';
import { asReport, reportSchema } from './report-schema.js';

/** A key order: listed keys first, in this order, each with the order of its value; other keys keep theirs. */
interface KeyOrder {
  keys?: readonly (readonly [string, KeyOrder?])[];
  /** the order of every element (arrays) */
  items?: KeyOrder;
}

const leaf = (...keys: string[]): KeyOrder => ({ keys: keys.map((k) => [k] as const) });
const STATUS = leaf('2xx', '503', '5xx', '4xx', 'timeout', 'connError');
const LATENCY = leaf('p50', 'p90', 'p99', 'p999', 'max');
const PHASES: KeyOrder = { keys: [['all', LATENCY], ['baseline', LATENCY], ['incident', LATENCY], ['after', LATENCY]] };

/** DESIGN.md's report.json field order; additive fields follow the fields they extend. */
const REPORT_ORDER: KeyOrder = {
  keys: [
    ['schema'],
    ['runId'],
    ['startedAt'],
    ['tool', leaf('version', 'node')],
    ['scenario', leaf('name', 'title', 'incident', 'spec')],
    ['cache', leaf('kind', 'version', 'config', 'stats')],
    ['origin', leaf('concurrency', 'queue', 'serviceMs', 'ttlS')],
    ['load', leaf('model', 'rate', 'workers', 'connections', 'keys', 'distribution')],
    ['events', { items: leaf('t', 'action', 'detail', 'kind') }],
    [
      'summary',
      {
        keys: [
          ['requests'],
          ['responses'],
          ['dropped'],
          ['status', STATUS],
          ['rate503'],
          ['peak503PerSec'],
          ['latencyMs', PHASES],
          ['recovery', leaf('recovered', 'seconds')],
          ['rewarm', leaf('seconds')],
          ['amplification'],
          ['hitRatio', leaf('baseline', 'min')],
          ['origin', leaf('arrivals', 'rejected503', 'peakInflight', 'peakQueue')],
          ['generator', leaf('saturated', 'scheduleLagP99Ms', 'workersFailed', 'reason')],
          ['windows', { keys: [['baseline', leaf('from', 'to')], ['fault'], ['recoveredAt']] }],
          ['baseline', leaf('p99Ms', 'errorRate', 'hitRatio', 'originRatePerS', 'healthy', 'problem')],
        ],
      },
    ],
    [
      'series',
      {
        items: {
          keys: [
            ['t'],
            ['sent'],
            ['responses'],
            ['status', STATUS],
            ['cache', leaf('hit', 'miss', 'stale', 'pass', 'unknown')],
            ['latencyMs', leaf('p50', 'p99', 'max')],
            ['origin', leaf('arrivals', 'rejected503', 'inflight', 'queue', 'maxInflight', 'maxQueue')],
            ['dropped'],
            ['hitRatio'],
            ['rate503'],
            ['histogram'],
            ['cacheStats'],
          ],
        },
      },
    ],
    ['histograms', leaf('all', 'baseline', 'incident', 'after')],
    ['verdict', { keys: [['pass'], ['failures', { items: leaf('metric', 'op', 'limit', 'actual') }]] }],
    ['interrupted', leaf('reason', 'at', 'phase')],
  ],
};

/**
 * JSON.stringify(value, null, 2) with object keys in `order`. A serializer rather than re-built objects because
 * JavaScript puts integer-like keys first in every object: `{"2xx", "503"}` would always come out `"503"` first.
 */
function stringifyOrdered(value: unknown, order: KeyOrder | undefined, depth: number): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const pad = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => `${pad}${stringifyOrdered(v, order?.items, depth + 1) ?? 'null'}`);
    return `[\n${items.join(',\n')}\n${close}]`;
  }
  const source = value as Record<string, unknown>;
  const keys: [string, KeyOrder | undefined][] = [];
  const listed = new Set<string>();
  for (const [key, child] of order?.keys ?? []) {
    listed.add(key);
    if (Object.hasOwn(source, key)) keys.push([key, child]);
  }
  for (const key of Object.keys(source)) if (!listed.has(key)) keys.push([key, undefined]);
  const members: string[] = [];
  for (const [key, child] of keys) {
    const text = stringifyOrdered(source[key], child, depth + 1);
    if (text !== undefined) members.push(`${pad}${JSON.stringify(key)}: ${text}`);
  }
  return members.length === 0 ? '{}' : `{\n${members.join(',\n')}\n${close}}`;
}

/** report.json text: two-space indented, keys in the contract's order whatever order the object was built in. */
export function renderJson(report: Report): string {
  return `${stringifyOrdered(report, REPORT_ORDER, 0)}\n`;
}

const MAX_LISTED_PROBLEMS = 20;

/**
 * Parse and validate report.json text. Throws ReportFileError (code STAMPEDE_SPEC) naming `source` and, for a
 * shape problem, every offending path (`summary.recovery.recovered: expected boolean, received string`).
 * Unknown fields are kept: v1 grows additively.
 */
export function readReport(text: string, source = 'report.json'): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ReportFileError('STAMPEDE_SPEC', source, `not valid JSON (${(err as Error).message})`, [], { cause: err });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ReportFileError('STAMPEDE_SPEC', source, 'not a stampede report: expected a JSON object');
  }
  const schema = (data as { schema?: unknown }).schema;
  if (schema !== REPORT_SCHEMA) {
    throw new ReportFileError(
      'STAMPEDE_SPEC',
      source,
      schema === undefined
        ? `not a stampede report: no "schema" field (expected "${REPORT_SCHEMA}")`
        : `unsupported report schema ${JSON.stringify(schema)}: this stampede reads "${REPORT_SCHEMA}"`,
    );
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(describeIssue);
    const shown = problems.slice(0, MAX_LISTED_PROBLEMS);
    if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
    const n = problems.length;
    throw new ReportFileError('STAMPEDE_SPEC', source, `invalid ${REPORT_SCHEMA} report (${n} problem${n === 1 ? '' : 's'}):`, shown);
  }
  return asReport(parsed.data);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  return `${path === '' ? '(root)' : path}: ${issue.message.replace(/^Invalid input: /, '')}`;
}
