/**
 * A comparison in a few lines, for the terminal and the top of compare.md / compare.html: what each side is and
 * whether it passed, then the outcomes a cache config change moves most, A → B. Pure.
 */
import type { Comparison } from './comparison.js';
import { ORIGIN_AFTER_FAULT } from './compare-rows.js';

/** The rows quoted in the headline, in order. */
const HEADLINE = ['rate503', 'recovery.seconds', ORIGIN_AFTER_FAULT, 'amplification', 'latencyMs.incident.p99'] as const;

const LABEL: Readonly<Record<(typeof HEADLINE)[number], string>> = {
  rate503: '503 rate',
  'recovery.seconds': 'recovery',
  [ORIGIN_AFTER_FAULT]: 'origin arrivals after the fault',
  amplification: 'amplification',
  'latencyMs.incident.p99': 'incident p99',
};

export function compareHeadline(c: Comparison): string[] {
  const side = (name: 'A' | 'B', s: Comparison['a']) =>
    `${name}: ${s.config} (${s.description}; ${s.cache.kind} ${s.cache.version}) ${s.interrupted ? 'CUT SHORT' : s.verdict.pass ? 'PASS' : 'FAIL'}`;
  const lines = [side('A', c.a), side('B', c.b)];
  for (const metric of HEADLINE) {
    const row = c.rows.find((r) => r.metric === metric);
    if (row === undefined || (row.a === null && row.b === null)) continue;
    const judged = row.outcome === 'better' || row.outcome === 'worse' ? `, B ${row.outcome}` : '';
    lines.push(`  ${LABEL[metric]}: A ${row.text.a}, B ${row.text.b} (${row.text.change}${judged})`);
  }
  return lines;
}
