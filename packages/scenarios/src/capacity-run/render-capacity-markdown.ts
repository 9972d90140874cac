/** capacity.md: the search, its conclusion and every probe, as GitHub-flavoured Markdown. Pure. */
import { formatCapacityValue } from '../capacity/describe-capacity-result.js';
import { formatDuration } from '@stampede/loadgen';
import { escapeMarkdown } from '../report/markdown.js';
import type { CapacityDocument } from './capacity-document.js';
import { PROBE_HEADER, probeRow } from './probe-table.js';

export function renderCapacityMarkdown(d: CapacityDocument): string {
  const r = d.result;
  const v = (x: number) => formatCapacityValue(r.vary, x);
  const out: string[] = [];
  out.push(`# Capacity of ${escapeMarkdown(d.scenario.name)} on ${escapeMarkdown(d.cache.kind)}: ${escapeMarkdown(r.vary)}`, '');
  if (d.scenario.title) out.push(escapeMarkdown(d.scenario.title), '');
  out.push(
    escapeMarkdown(
      `Search ${d.id}, ${d.createdAt}: ${r.vary} from ${v(d.range.from)} to ${v(d.range.to)}, ` +
        `probes of ${d.probeDurationS === null ? "the scenario's own length" : formatDuration(d.probeDurationS)}, ` +
        `at most ${d.plan.maxProbes} probes${d.plan.capped ? ` (capped: ${d.plan.neededProbes} needed to reach the resolution)` : ''}. ` +
        "A probe passes when the scenario's verdict (thresholds and recovery) passes.",
    ),
    '',
  );
  if (d.interrupted) out.push(`> **Interrupted:** ${escapeMarkdown(d.interrupted.reason)}`, '');
  out.push('## Conclusion', '', ...d.conclusion.map((l) => `- ${escapeMarkdown(l)}`), '');
  out.push('## Probes', '', 'In the order they ran; each probe\'s full report is in its folder.', '');
  out.push(`| ${[...PROBE_HEADER, 'report'].join(' | ')} |`, `|${' --- |'.repeat(PROBE_HEADER.length + 1)}`);
  for (const p of r.probes) {
    const cells = probeRow(r.vary, p).map(escapeMarkdown);
    if (!p.outcome.pass) cells[3] = `**${cells[3]}**`;
    out.push(`| ${[...cells, escapeMarkdown(`${d.probeDirs[p.index] ?? ''}/report.md`)].join(' | ')} |`);
  }
  out.push('', 'The survivability curve is in capacity.html.', '');
  return out.join('\n');
}
