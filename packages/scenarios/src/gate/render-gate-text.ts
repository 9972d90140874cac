/**
 * The gate for a terminal: an aligned plain-text table, the conclusion and the notes. No colours (the CLI owns
 * those). Pure.
 */
import type { GateResult } from './gate-reports.js';
import { GATE_HEADER, gateTable } from './gate-table.js';

export function renderGateText(result: GateResult): string {
  const t = gateTable(result);
  const lines = [[...GATE_HEADER], ...t.rows.map((r) => r.cells)];
  const widths = GATE_HEADER.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const layout = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [`stampede gate: ${t.subject}`, t.runs, ''];
  out.push(layout(GATE_HEADER), layout(widths.map((w) => '-'.repeat(w))));
  out.push(...t.rows.map((r) => layout(r.cells)));
  out.push('');
  for (const n of t.rowNotes) out.push(`  ${n}`);
  for (const n of t.notes) out.push(`note: ${n}`);
  if (t.rowNotes.length > 0 || t.notes.length > 0) out.push('');
  out.push(`${t.verdict}: ${t.conclusion}`);
  return `${out.join('\n')}\n`;
}
