/**
 * report.md: a GitHub-flavoured summary fit for $GITHUB_STEP_SUMMARY. Pure: Report -> string.
 * Every string from the report is escaped, so a scenario name or event detail cannot inject markup.
 */
import type { Report } from '../record/report.js';
import { reportTables, type Cell, type Table } from './report-tables.js';
import { simulatedMark } from './simulated-mark.js';
import { timeOrigin } from './time-origin.js';

/** Backslash-escapes the characters that mean something inline in GFM (tables included) and flattens lines. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\\`*_[\]<>|~&$]/g, (c) => `\\${c}`);
}

/** An inline code span that holds any text (the fence is longer than any backtick run inside). */
function codeSpan(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  // a pipe would still end the cell inside a table, so it is escaped even in code
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function cell(c: Cell): string {
  const text = escapeMarkdown(c.text);
  return c.tone === 'bad' && text !== '' ? `**${text}**` : text;
}

function table(t: Table, align: ('l' | 'r')[] = []): string[] {
  const rule = t.header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(t.header.map(escapeMarkdown)), line(rule), ...t.rows.map((r) => line(r.map(cell)))];
}

export function renderMarkdown(report: Report): string {
  const t = reportTables(report);
  const verdict = t.verdict.status;
  const out: string[] = [];
  const sim = simulatedMark(report);
  out.push(`# ${sim ? 'SIMULATED · ' : ''}${escapeMarkdown(t.title)}: ${verdict}`, '');
  if (sim) out.push(`> **${escapeMarkdown(sim.mark)}.** ${escapeMarkdown(sim.detail)}`, '');
  if (t.subtitle.length > 0) out.push(t.subtitle.map(escapeMarkdown).join(' — '), '');
  out.push(`${[t.runLine, ...t.setup].map(escapeMarkdown).join('  \n')}`, '');
  for (const note of t.notes) out.push(`> ${note.tone ? '**Warning:** ' : ''}${escapeMarkdown(note.text)}`, '');

  out.push(...table(t.headline), '');

  out.push('## Latency by phase', '', ...table(t.phases, ['l', 'l', 'r', 'r', 'r', 'r', 'r']), '');

  out.push('## Events', '');
  out.push(`Times are relative to the first bucket (${escapeMarkdown(new Date(timeOrigin(report)).toISOString())}).`, '');
  if (t.events.rows.length === 0) out.push('No events.', '');
  else out.push(...table(t.events, ['r']), '');

  out.push('## Origin vs client', '', ...table(t.reconciliation, ['l', 'r', 'r', 'r']), '');
  for (const note of t.reconciliationNotes) out.push(`- ${escapeMarkdown(note)}`);
  if (t.reconciliationNotes.length > 0) out.push('');

  if (t.shards) out.push('## Shards', '', escapeMarkdown(t.shards.caption), '', ...table(t.shards.table, ['r', 'l', 'r', 'r', 'r', 'r', 'l']), '');

  out.push(`## Verdict: ${verdict}`, '');
  if (t.verdict.interruption) {
    out.push(`**${escapeMarkdown(t.verdict.interruption)}.**`);
    if (t.verdict.failures.length > 0) out.push('', 'Failing so far, on the partial data:', '');
  } else if (t.verdict.failures.length === 0) out.push('Every check passed.');
  for (const f of t.verdict.failures) out.push(`- ${codeSpan(f)}`);
  out.push('');
  return out.join('\n');
}
