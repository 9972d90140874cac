/**
 * compare.json (schema `stampede.compare/v1`): two runs of one scenario against two cache configurations, run back
 * to back on one machine. It holds what the tables say and where each run's own report is (a/, b/); the charts are
 * drawn from those reports, so the whole comparison can be re-rendered from the folder. Pure.
 */
import type { Report, VerdictFailure } from '../record/report.js';
import { compareRows, type CompareRow } from './compare-rows.js';

export const COMPARE_SCHEMA = 'stampede.compare/v1' as const;

export type SideKey = 'a' | 'b';

export interface CompareSide {
  /** the --a / --b value */
  config: string;
  /** the configuration in words */
  description: string;
  runId: string;
  /** the run's report folder, relative to compare.json */
  dir: SideKey;
  cache: { kind: string; version: string };
  verdict: { pass: boolean; failures: VerdictFailure[] };
  interrupted: { reason: string; at: number } | null;
  /** epoch ms: time 0 of this side in the charts */
  loadStart: number;
}

export interface Comparison {
  schema: typeof COMPARE_SCHEMA;
  id: string;
  createdAt: string;
  tool: { version: string };
  scenario: { name: string; title: string | null };
  a: CompareSide;
  b: CompareSide;
  rows: CompareRow[];
  /** what to know before reading the table: a run cut short, a saturated generator, different caches or loads */
  notes: string[];
}

export interface ComparisonInput {
  id: string;
  createdAt: string;
  toolVersion: string;
  a: { config: string; description: string; report: Report; loadStart: number };
  b: { config: string; description: string; report: Report; loadStart: number };
}

export function buildComparison(input: ComparisonInput): Comparison {
  const { a, b } = input;
  const side = (s: ComparisonInput['a'], dir: SideKey): CompareSide => ({
    config: s.config,
    description: s.description,
    runId: s.report.runId,
    dir,
    cache: { kind: s.report.cache.kind, version: s.report.cache.version },
    verdict: s.report.verdict,
    interrupted: s.report.interrupted ?? null,
    loadStart: s.loadStart,
  });
  return {
    schema: COMPARE_SCHEMA,
    id: input.id,
    createdAt: input.createdAt,
    tool: { version: input.toolVersion },
    scenario: { name: a.report.scenario.name, title: a.report.scenario.title ?? null },
    a: side(a, 'a'),
    b: side(b, 'b'),
    rows: compareRows(a.report, b.report),
    notes: comparisonNotes(a.report, b.report),
  };
}

function comparisonNotes(a: Report, b: Report): string[] {
  const notes: string[] = [];
  for (const [name, r] of [['A', a], ['B', b]] as const) {
    if (r.interrupted) notes.push(`${name} was cut short (${r.interrupted.reason}): its counts cover only part of the run.`);
    if (r.summary.generator.saturated) notes.push(`${name}'s load generator was saturated: it sent less than scheduled, so its counts may be low.`);
    if (r.summary.windows?.fault == null) notes.push(`${name} saw no fault: recovery and amplification have no value.`);
  }
  if (a.load.rate !== b.load.rate) notes.push(`The load rates differ (A ${a.load.rate}/s, B ${b.load.rate}/s): counts scale with load.`);
  if (a.cache.kind !== b.cache.kind) notes.push(`Different caches (A ${a.cache.kind}, B ${b.cache.kind}): the comparison includes each cache's own overhead.`);
  return notes;
}
