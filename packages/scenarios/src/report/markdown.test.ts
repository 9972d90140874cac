import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReport } from '../record/report-json.js';
import { escapeMarkdown, renderMarkdown } from './markdown.js';
import type { Report } from '../record/report.js';

const fixture = (): Report => readReport(readFileSync(new URL('./fixtures/global-purge.report.json', import.meta.url), 'utf8'));

/** The same run, but the system never came back and a threshold failed. */
function metastable(): Report {
  const r = fixture();
  r.summary.recovery = { recovered: false, seconds: null };
  r.summary.rewarm = { seconds: null };
  r.summary.amplification = null;
  r.summary.windows = { ...r.summary.windows!, recoveredAt: null };
  r.summary.generator = { saturated: true, scheduleLagP99Ms: 250 };
  r.summary.dropped = 12;
  r.interrupted = { reason: 'SIGINT', at: r.series[50]!.t + 300 };
  r.verdict = {
    pass: false,
    failures: [
      { metric: 'recovery.recovered', op: '==', limit: true, actual: false },
      { metric: 'rate503', op: '<=', limit: 0.01, actual: 0.0153333 },
    ],
  };
  return r;
}

describe('renderMarkdown', () => {
  it('global-purge (snapshot)', async () => {
    await expect(renderMarkdown(fixture())).toMatchFileSnapshot('__snapshots__/global-purge.report.md');
  });

  it('metastable, interrupted, saturated (snapshot)', async () => {
    await expect(renderMarkdown(metastable())).toMatchFileSnapshot('__snapshots__/metastable.report.md');
  });

  it('says "did not recover" and lists failures as `metric op limit (actual X)`', () => {
    const md = renderMarkdown(metastable());
    expect(md).toContain('| Recovery | **did not recover** |');
    expect(md).toContain('- `recovery.recovered == true (actual false)`');
    expect(md).toContain('- `rate503 <= 0.01 (actual 0.01533)`');
    expect(md).toContain('n/a (the origin saw no traffic in the baseline)');
  });

  it('an interrupted run says so instead of listing the interruption as a failed check', () => {
    const r = fixture();
    r.summary.windows = { ...r.summary.windows!, fault: null };
    r.interrupted = { reason: 'interrupted by SIGINT', at: r.series[5]!.t, phase: 'load' };
    r.verdict = { pass: false, failures: [{ metric: 'interrupted', op: '==', limit: false, actual: true }] };
    const md = renderMarkdown(r);
    expect(md).toMatch(/^# global-purge on varnish 7\.5\.0: INTERRUPTED$/m);
    expect(md).toContain('## Verdict: INTERRUPTED\n\n**INTERRUPTED during load, before the fault — partial report, verdict not judged.**\n');
    expect(md).not.toContain('interrupted ==');
    expect(md).not.toContain('Every check passed');
  });

  it('says why recovery was not judged when the baseline was failing', () => {
    const r = fixture();
    r.summary.baseline = { ...r.summary.baseline!, healthy: false, problem: 'unhealthy baseline: 100.0% of requests failed before the fault' };
    r.summary.recovery = { recovered: false, seconds: null };
    const md = renderMarkdown(r);
    expect(md).toContain('Recovery was not judged: unhealthy baseline: 100.0% of requests failed before the fault.');
    expect(md).toContain('| Recovery | **not judged (the baseline itself was failing)** |');
    expect(renderMarkdown(fixture())).not.toContain('not judged');
  });

  it('escapes every string from the report', () => {
    const r = fixture();
    r.scenario.name = '<script>alert(1)</script>';
    r.scenario.title = '| pipe | *star* [link](javascript:x)';
    r.events[0]!.detail = { key: '<img src=x onerror=alert(1)>', 'a|b': '`tick`' };
    r.verdict = { pass: false, failures: [{ metric: 'x`|`y', op: '<', limit: 1, actual: 2 }] };
    const md = renderMarkdown(r);
    expect(md).not.toMatch(/(^|[^\\])<(script|img)/m);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('\\| pipe \\| \\*star\\* \\[link\\](javascript:x)');
    expect(md).toContain('key=\\<img src=x onerror=alert(1)\\>, a\\|b=\\`tick\\`');
    expect(md).toContain('- ``x`\\|`y < 1 (actual 2)``');
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a|b', 'a\\|b'],
    ['*_`[]<>~&$\\', '\\*\\_\\`\\[\\]\\<\\>\\~\\&\\$\\\\'],
    ['two\nlines', 'two lines'],
  ])('%s', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});
