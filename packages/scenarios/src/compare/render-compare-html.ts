/**
 * compare.html: one self-contained page with the side-by-side table and every time-series chart with both runs
 * overlaid (A blue, B orange; each run's events dashed in its colour). Pure: Comparison + the two reports + uPlot.
 */
import { escapeHtml } from '../report/html-escape.js';
import type { Report } from '../record/report.js';
import { renderPage, type PageInput } from '../page/self-contained-page.js';
import { compareChartData } from './compare-chart-data.js';
import { COMPARE_CHART_SCRIPT } from './compare-chart-script.js';
import { compareHeadline } from './compare-headline.js';
import type { Comparison } from './comparison.js';

export function renderCompareHtml(c: Comparison, reports: { a: Report; b: Report }, uplot: PageInput['uplot']): string {
  const data = compareChartData(reports.a, reports.b, { a: `A: ${c.a.config}`, b: `B: ${c.b.config}` });
  const [, , ...outcomes] = compareHeadline(c);
  const side = (name: 'A' | 'B', s: Comparison['a']) => {
    const verdict = s.interrupted ? ['warn', 'CUT SHORT'] : s.verdict.pass ? ['good', 'PASS'] : ['bad', 'FAIL'];
    return `<tr><td class="side-${s.dir}">${name}</td><td><code>${escapeHtml(s.config)}</code></td><td>${escapeHtml(s.description)}</td>` +
      `<td>${escapeHtml(`${s.cache.kind} ${s.cache.version}`)}</td><td><span class="pill ${verdict[0]}">${verdict[1]}</span></td>` +
      `<td><a href="${s.dir}/report.html">${escapeHtml(s.runId)}</a></td></tr>`;
  };
  const rows = c.rows
    .map((r) => {
      const tone = r.outcome === 'better' ? ' good' : r.outcome === 'worse' ? ' bad' : '';
      return `<tr><td>${escapeHtml(r.metric)}</td><td class="num">${escapeHtml(r.text.a)}</td><td class="num">${escapeHtml(r.text.b)}</td>` +
        `<td class="num${tone}">${escapeHtml(r.text.change)}</td><td class="${tone.trim()}">${r.outcome === 'n/a' ? '' : r.outcome}</td></tr>`;
    })
    .join('\n');
  const body = `<header>
<h1>${escapeHtml(`Compare ${c.scenario.name}: A vs B`)}</h1>
${c.scenario.title ? `<p class="sub">${escapeHtml(c.scenario.title)}</p>` : ''}
<div class="meta"><div>${escapeHtml(`comparison ${c.id} · ${c.createdAt} · stampede ${c.tool.version} · the same scenario run twice back to back on one machine, A first`)}</div></div>
</header>
<h2>Configurations</h2>
<table><thead><tr><th></th><th>config</th><th>what it sets</th><th>cache</th><th>verdict</th><th>run report</th></tr></thead>
<tbody>
${side('A', c.a)}
${side('B', c.b)}
</tbody></table>
${c.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
${outcomes.length > 0 ? `<div class="conclusion">${outcomes.map((l) => `<div>${escapeHtml(l.trim())}</div>`).join('')}</div>` : ''}
<h2>Timeline, A and B overlaid</h2>
<p class="legend-help">Seconds since each run's load started, so both timelines line up. <span class="side-a">A</span> blue, <span class="side-b">B</span> orange; dashed lines are each run's events. Click a legend entry to hide a run, drag to zoom, double-click to reset.</p>
${data.charts.map((ch) => `<div class="chart" id="chart-${escapeHtml(ch.id)}"></div>`).join('\n')}
<h2>Side by side</h2>
<table><thead><tr><th>metric</th><th class="num">A</th><th class="num">B</th><th class="num">change (A → B)</th><th>B vs A</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
  return renderPage({ title: `Compare ${c.scenario.name}: A vs B · stampede`, body, data, script: COMPARE_CHART_SCRIPT, uplot });
}
