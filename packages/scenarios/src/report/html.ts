/**
 * report.html: one self-contained page (uPlot inlined, data embedded, no URL anywhere) that opens offline.
 * Pure: Report (+ the uPlot sources and an optional percentile function) -> string. Every string from the
 * report is HTML-escaped; the page's script reads the data as JSON and never writes HTML. A Content-Security-
 * Policy with the hashes of the page's own inline script and style blocks forbids everything else, including
 * any network request.
 */
import { createHash } from 'node:crypto';
import { chartData, type PercentilesFn } from './chart-data.js';
import { CHART_SCRIPT } from './chart-script.js';
import { escapeHtml, inlineScript, inlineStyle, jsonForScript } from './html-escape.js';
import type { Report } from '../record/report.js';
import { reportTables, type Cell, type HeadlineCard, type Table } from './report-tables.js';
import { timeOrigin } from './time-origin.js';
import { simulatedMark } from './simulated-mark.js';

export interface HtmlRenderOptions {
  /** uPlot's browser build and stylesheet (readUplotAssets()); tests pass stubs */
  uplot: { js: string; css: string; version?: string };
  /** dense percentile curves from the phase histograms (HistogramOps.percentiles); summary points without it */
  percentiles?: PercentilesFn;
}

const PAGE_CSS = `
:root { --fg: #1d2330; --muted: #5c6370; --line: #e3e6eb; --bg: #f5f6f8; --card: #fff;
  --good: #1b7f3b; --bad: #c92a2a; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 24px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h1 .verdict { font-size: 14px; vertical-align: middle; padding: 2px 10px; border-radius: 999px; color: #fff; margin-left: 8px; }
h1 .verdict.good { background: var(--good); } h1 .verdict.bad { background: var(--bad); }
h2 { font-size: 17px; margin: 28px 0 10px; }
.sub { color: var(--muted); margin: 0 0 2px; }
.meta { color: var(--muted); font-size: 12.5px; margin: 8px 0 0; }
.meta div { margin: 1px 0; }
.note { margin: 14px 0 0; padding: 8px 12px; border-radius: 6px; background: #eef1f5; border-left: 4px solid #adb5bd; }
.simulated { margin: 0 0 12px; padding: 10px 14px; border-radius: 8px; background: #f3e8ff; border: 2px dashed #7048e8; color: #3b1f8f; }
.note.bad { background: #fdecec; border-left-color: var(--bad); }
.note.warn { background: #fff4e0; border-left-color: #f08c00; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin-top: 18px; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 5px solid #adb5bd; border-radius: 8px; padding: 12px 14px; }
.card.good { border-left-color: var(--good); } .card.bad { border-left-color: var(--bad); } .card.warn { border-left-color: #f08c00; }
.card .label { font-size: 11.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.card .value { font-size: 26px; font-weight: 650; margin: 2px 0; font-variant-numeric: tabular-nums; }
.card.good .value { color: var(--good); } .card.bad .value { color: var(--bad); } .card.warn .value { color: var(--warn); }
.card .note-text { font-size: 12px; color: var(--muted); }
.failures { margin: 12px 0 0; padding: 10px 14px 10px 32px; background: #fdecec; border-radius: 8px; border: 1px solid #f5c2c2; }
.failures code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.chart { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 4px; margin: 0 0 14px; min-height: 60px; }
.chart .u-title { font-size: 14px; font-weight: 600; text-align: left; padding-left: 6px; }
.chart .u-legend { font-size: 12px; }
.legend-help { color: var(--muted); font-size: 12px; margin: -4px 0 12px; }
.tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 0 24px; align-items: start; }
table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); border-radius: 8px; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; }
tr:last-child td { border-bottom: none; }
td.num, th.num { text-align: right; white-space: nowrap; }
.good { color: var(--good); } td.bad, li.bad { color: var(--bad); font-weight: 600; } td.warn { color: var(--warn); }
ul.plain { margin: 8px 0 0; padding-left: 20px; color: var(--muted); font-size: 12.5px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function toneClass(tone: string | undefined, extra = ''): string {
  const classes = [extra, tone ?? ''].filter((c) => c !== '').join(' ');
  return classes === '' ? '' : ` class="${classes}"`;
}

function tableHtml(t: Table, numericFrom = Infinity): string {
  const head = t.header.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const rows = t.rows
    .map((row) => `<tr>${row.map((c: Cell, i) => `<td${toneClass(c.tone, i >= numericFrom ? 'num' : '')}>${escapeHtml(c.text)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody></table>`;
}

function cardHtml(c: HeadlineCard): string {
  return `<div${toneClass(c.tone, 'card')}><div class="label">${escapeHtml(c.label)}</div><div class="value">${escapeHtml(c.value)}</div><div class="note-text">${escapeHtml(c.note)}</div></div>`;
}

export function renderHtml(report: Report, options: HtmlRenderOptions): string {
  const t = reportTables(report);
  const data = chartData(report, options.percentiles ? { percentiles: options.percentiles } : {});
  const verdict = t.verdict.status;
  const sim = simulatedMark(report);
  const zeroIso = new Date(timeOrigin(report)).toISOString();

  const css = inlineStyle(`${options.uplot.css}\n${PAGE_CSS}`);
  const uplotJs = inlineScript(options.uplot.js);
  const script = inlineScript(CHART_SCRIPT);
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(uplotJs)} ${sha256(script)}`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  const charts = ['responses', 'latency', 'hit-ratio', 'origin']
    .map((id) => `<div class="chart" id="chart-${id}"></div>`)
    .join('\n');
  const interruption = t.verdict.interruption ? `<p class="note bad">${escapeHtml(t.verdict.interruption)}${t.verdict.failures.length > 0 ? '. Failing so far, on the partial data:' : ''}</p>\n` : '';
  const failures =
    interruption +
    (t.verdict.failures.length === 0
      ? ''
      : `<ul class="failures">${t.verdict.failures.map((f) => `<li><code>${escapeHtml(f)}</code></li>`).join('')}</ul>`);
  const notes = t.notes.map((n) => `<p${toneClass(n.tone, 'note')}>${escapeHtml(n.text)}</p>`).join('\n');
  const reconciliationNotes =
    t.reconciliationNotes.length === 0
      ? ''
      : `<ul class="plain">${t.reconciliationNotes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
  const events =
    t.events.rows.length === 0 ? '<p class="sub">No events.</p>' : tableHtml(t.events);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<link rel="icon" href="data:,">
<title>${escapeHtml(`${sim ? 'SIMULATED · ' : ''}${verdict} · ${t.title} · stampede`)}</title>
<style>${css}</style>
</head>
<body>
<main>
<header>
${sim ? `<p class="simulated"><strong>${escapeHtml(sim.mark)}.</strong> ${escapeHtml(sim.detail)}</p>\n` : ''}<h1>${escapeHtml(t.title)}<span class="verdict ${t.verdict.pass ? 'good' : 'bad'}">${verdict}</span></h1>
${t.subtitle.map((s) => `<p class="sub">${escapeHtml(s)}</p>`).join('\n')}
<div class="meta">${[t.runLine, ...t.setup].map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</div>
</header>
${notes}
<section class="cards">
${t.cards.map(cardHtml).join('\n')}
</section>
${failures}
<h2>Timeline</h2>
<p class="legend-help">Seconds since the first bucket (${escapeHtml(zeroIso)}). Dashed lines are events; shaded: baseline (blue) and incident (red). Click a legend entry to hide a series, drag to zoom, double-click to reset.</p>
${charts}
<h2>Latency percentiles by phase</h2>
<div class="chart" id="chart-percentiles"></div>
${tableHtml(t.phases, 2)}
<div class="tables">
<section>
<h2>Summary</h2>
${tableHtml(t.headline)}
</section>
<section>
<h2>Events</h2>
${events}
<h2>Origin vs client</h2>
${tableHtml(t.reconciliation, 1)}
${reconciliationNotes}
${t.shards ? `<h2>Shards</h2>\n<p class="sub">${escapeHtml(t.shards.caption)}</p>\n${tableHtml(t.shards.table, 2)}\n` : ''}</section>
</div>
<footer>Generated by stampede ${escapeHtml(report.tool.version)} from report.json. Self-contained: opens offline, loads nothing. Charts: uPlot${options.uplot.version ? ` ${escapeHtml(options.uplot.version)}` : ''} (MIT License).</footer>
</main>
<script type="application/json" id="stampede-data">${jsonForScript(data)}</script>
<script>${uplotJs}</script>
<script>${script}</script>
</body>
</html>
`;
}
