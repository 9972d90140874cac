import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readReport } from '../record/report-json.js';
import type { Report } from '../record/report.js';
import { gateReports, type GateResult } from './gate-reports.js';
import { parseTolerances } from './parse-tolerance.js';
import { renderGateJunit } from './render-gate-junit.js';
import { renderGateMarkdown } from './render-gate-markdown.js';
import { renderGateText } from './render-gate-text.js';

const FIXTURE = readFileSync(new URL('../report/fixtures/global-purge.report.json', import.meta.url), 'utf8');

function report(runId: string, edit: (r: Report) => void = () => {}): Report {
  const r = readReport(FIXTURE, 'global-purge.report.json');
  r.runId = runId;
  edit(r);
  return r;
}

/** The same run twice: nothing regressed. */
function passing(): GateResult {
  return gateReports(report('20231114T221320Z-global-purge-varnish'), report('20231115T090000Z-global-purge-varnish'));
}

/**
 * A failing comparison that exercises every cell kind: more 503s, a run that never recovered, a gated latency,
 * repeat statistics on the current side, a cut-short run compared anyway, and markup in the names.
 */
function failing(): GateResult {
  const name = 'purge <all> & "ban" | `x`';
  const baseline = report('base-1', (r) => (r.scenario.name = name));
  const current = report('cur-2', (r) => {
    r.scenario.name = name;
    r.summary.status['503'] = 2400;
    r.summary.rate503 = 0.08;
    r.summary.recovery = { recovered: false, seconds: null };
    r.summary.rewarm = { seconds: null };
    r.summary.amplification = 12.5;
    r.summary.latencyMs.incident.p99 = 1500;
    r.summary.hitRatio.min = 0.05;
    r.interrupted = { reason: 'SIGINT', at: 0 };
    r.repeat = {
      n: 3,
      metrics: {
        rate503: { median: 0.08, min: 0.07, max: 0.09, mad: 0.01, values: [0.07, 0.08, 0.09] },
        'recovery.recovered': { median: 0, min: 0, max: 1, mad: 0, values: [0, 1, 0] },
      },
    };
  });
  return gateReports(baseline, current, {
    allowMismatch: true,
    tolerances: parseTolerances(['latencyMs.incident.p99=20%', 'origin.arrivals=off']),
  });
}

describe('gate renderers', () => {
  test('text, passing (snapshot)', async () => {
    await expect(renderGateText(passing())).toMatchFileSnapshot('__snapshots__/gate-pass.txt');
  });

  test('text, failing (snapshot)', async () => {
    await expect(renderGateText(failing())).toMatchFileSnapshot('__snapshots__/gate-fail.txt');
  });

  test('Markdown, passing (snapshot)', async () => {
    await expect(renderGateMarkdown(passing())).toMatchFileSnapshot('__snapshots__/gate-pass.md');
  });

  test('Markdown, failing (snapshot)', async () => {
    await expect(renderGateMarkdown(failing())).toMatchFileSnapshot('__snapshots__/gate-fail.md');
  });

  test('JUnit, passing (snapshot)', async () => {
    await expect(renderGateJunit(passing())).toMatchFileSnapshot('__snapshots__/gate-pass.junit.xml');
  });

  test('JUnit, failing (snapshot)', async () => {
    await expect(renderGateJunit(failing())).toMatchFileSnapshot('__snapshots__/gate-fail.junit.xml');
  });

  test('JUnit counts: one testcase per row, a failure per failing row, information rows skipped', () => {
    const result = failing();
    const xml = renderGateJunit(result);
    expect(xml.match(/<testcase /g)).toHaveLength(result.rows.length);
    expect(xml.match(/<failure /g)).toHaveLength(result.failed.length);
    expect(xml.match(/<skipped /g)).toHaveLength(result.rows.filter((r) => !r.gated).length);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).not.toMatch(/<(?!\?xml|\/?testsuites?[ >]|\/?testcase[ >]|\/?properties>|property |failure |\/failure>|skipped |\/?system-out>)/);
    expect(xml).toContain('name="stampede gate: purge &lt;all&gt; &amp; &quot;ban&quot; | `x` on varnish"');
  });

  test('Markdown escapes the pipe and markup in names', () => {
    const md = renderGateMarkdown(failing());
    expect(md).toContain('purge \\<all\\> \\& "ban" \\| \\`x\\` on varnish');
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(8);
    }
  });
});
