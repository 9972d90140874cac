/**
 * compare.md: the comparison as GitHub-flavoured Markdown (fit for $GITHUB_STEP_SUMMARY on a config change's pull
 * request). Every string from the reports is escaped. Pure.
 */
import { verdictOutcome } from '../analysis/verdict.js';
import { escapeMarkdown } from '../report/markdown.js';
import { formatFailure } from '../report/report-tables.js';
import { compareHeadline } from './compare-headline.js';
import type { Comparison } from './comparison.js';

export function renderCompareMarkdown(c: Comparison): string {
  const out: string[] = [];
  out.push(`# Compare ${escapeMarkdown(c.scenario.name)}: A vs B`, '');
  if (c.scenario.title) out.push(escapeMarkdown(c.scenario.title), '');
  out.push(`Comparison ${escapeMarkdown(c.id)}, ${escapeMarkdown(c.createdAt)}: the same scenario run twice back to back on one machine, A first.`, '');
  const [a, b, ...outcomes] = compareHeadline(c);
  out.push(`- **${escapeMarkdown(a ?? '')}** — full report: a/report.md`);
  out.push(`- **${escapeMarkdown(b ?? '')}** — full report: b/report.md`, '');
  for (const note of c.notes) out.push(`> **Note:** ${escapeMarkdown(note)}`, '');
  if (outcomes.length > 0) out.push(...outcomes.map((l) => `- ${escapeMarkdown(l.trim())}`), '');

  out.push('| metric | A | B | change | B vs A |', '|---|---:|---:|---:|---|');
  for (const r of c.rows) {
    const judged = r.outcome === 'worse' ? '**worse**' : r.outcome === 'n/a' ? '' : r.outcome;
    out.push(`| ${escapeMarkdown(r.metric)} | ${escapeMarkdown(r.text.a)} | ${escapeMarkdown(r.text.b)} | ${escapeMarkdown(r.text.change)} | ${judged} |`);
  }
  out.push('');
  for (const [name, s] of [['A', c.a], ['B', c.b]] as const) {
    // a run cut short is said so in the headline; its interruption marker is not a failed check
    const outcome = verdictOutcome({ verdict: s.verdict, ...(s.interrupted ? { interrupted: s.interrupted } : {}) });
    if (outcome.failures.length === 0) continue;
    const failed = outcome.failures.map(formatFailure);
    out.push(`${name} ${outcome.interruption ? 'failing so far (cut short)' : 'failed'}: ${escapeMarkdown(failed.join('; '))}`, '');
  }
  out.push('The charts (both runs overlaid, time since each load start) are in compare.html.', '');
  return out.join('\n');
}
