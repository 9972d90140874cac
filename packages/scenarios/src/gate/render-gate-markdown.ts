/**
 * The gate as Markdown, fit for $GITHUB_STEP_SUMMARY or a PR comment: verdict heading, the diff table, notes.
 * Every cell is escaped (report/markdown.ts's escapeMarkdown). Pure.
 */
import { escapeMarkdown } from '../report/markdown.js';
import type { GateResult } from './gate-reports.js';
import { GATE_HEADER, gateTable } from './gate-table.js';

export function renderGateMarkdown(result: GateResult): string {
  const t = gateTable(result);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const out = [
    `## stampede gate: ${t.verdict} — ${escapeMarkdown(t.subject)}`,
    '',
    escapeMarkdown(t.runs),
    '',
    line(GATE_HEADER),
    line(['---', '---:', '---:', '---:', '---:', '---']),
  ];
  for (const r of t.rows) {
    const cells = r.cells.map(escapeMarkdown);
    if (r.failed) cells[5] = `**${cells[5]}**`;
    out.push(line(cells));
  }
  out.push('');
  if (t.rowNotes.length > 0) out.push(...t.rowNotes.map((n) => `- ${escapeMarkdown(n)}`), '');
  for (const n of t.notes) out.push(`> **Note:** ${escapeMarkdown(n)}`, '');
  out.push(`**${t.verdict}**: ${escapeMarkdown(t.conclusion)}`, '');
  return out.join('\n');
}
