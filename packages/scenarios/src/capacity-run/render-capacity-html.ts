/**
 * capacity.html: one self-contained page with the survivability curve (503 rate and recovery time against the
 * varied value, pass/fail marked, the boundary drawn), the conclusion and the probe table. Pure.
 */
import { formatCapacityValue } from '../capacity/describe-capacity-result.js';
import { renderPage, type PageInput } from '../page/self-contained-page.js';
import { escapeHtml } from '../report/html-escape.js';
import { formatDuration } from '@stampede/loadgen';
import { capacityChartData } from './capacity-chart-data.js';
import { CAPACITY_CHART_SCRIPT } from './capacity-chart-script.js';
import type { CapacityDocument } from './capacity-document.js';
import { PROBE_HEADER, probeRow } from './probe-table.js';

export function renderCapacityHtml(d: CapacityDocument, uplot: PageInput['uplot']): string {
  const r = d.result;
  const v = (x: number) => formatCapacityValue(r.vary, x);
  const title = `Capacity of ${d.scenario.name} on ${d.cache.kind}: ${r.vary}`;
  const rows = r.probes
    .map((p) => {
      const cells = probeRow(r.vary, p).map((c, i) => `<td${i === 3 ? ` class="${p.outcome.pass ? 'good' : 'bad'}"` : i >= 4 && i <= 5 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`);
      const dir = d.probeDirs[p.index];
      cells.push(`<td>${dir ? `<a href="${escapeHtml(dir)}/report.html">${escapeHtml(dir)}</a>` : ''}</td>`);
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const body = `<header>
<h1>${escapeHtml(title)}</h1>
${d.scenario.title ? `<p class="sub">${escapeHtml(d.scenario.title)}</p>` : ''}
<div class="meta"><div>${escapeHtml(
    `search ${d.id} · ${d.createdAt} · stampede ${d.tool.version} · ${r.vary} from ${v(d.range.from)} to ${v(d.range.to)} · ` +
      `probes of ${d.probeDurationS === null ? "the scenario's own length" : formatDuration(d.probeDurationS)} · ` +
      `${r.probes.length} of at most ${d.plan.maxProbes} probes run`,
  )}</div><div>A probe passes when the scenario's verdict (its thresholds and recovery) passes.</div></div>
</header>
${d.interrupted ? `<p class="note">${escapeHtml(`Interrupted: ${d.interrupted.reason}. The curve holds the probes that completed.`)}</p>` : ''}
<div class="conclusion">${d.conclusion.map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</div>
<h2>Survivability curve</h2>
<p class="legend-help">One point per probe: green passed, red failed. Dashed lines: the hardest value that passed and the first that failed beyond it.</p>
<div class="chart" id="chart-rate503"></div>
<div class="chart" id="chart-recovery"></div>
<h2>Probes</h2>
<table><thead><tr>${[...PROBE_HEADER, 'report'].map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
  return renderPage({ title: `${title} · stampede`, body, data: capacityChartData(r), script: CAPACITY_CHART_SCRIPT, uplot });
}
