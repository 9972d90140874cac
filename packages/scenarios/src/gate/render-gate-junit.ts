/**
 * The gate as JUnit XML, for CI test-report views: one testsuite, one testcase per metric. A regression (or a
 * gated metric without a current value) is a <failure>; an information row is <skipped> (not gated). No
 * timestamps or durations, so the same comparison gives the same file. Pure.
 */
import { escapeXml, escapeXmlAttribute } from './escape-xml.js';
import type { GateResult } from './gate-reports.js';
import { gateTable } from './gate-table.js';

export function renderGateJunit(result: GateResult): string {
  const t = gateTable(result);
  const a = escapeXmlAttribute;
  const suite = `stampede gate: ${t.subject}`;
  const classname = `stampede.gate.${result.current.scenario}`;
  const failures = t.rows.filter((r) => r.failed).length;
  const skipped = t.rows.filter((r) => !r.gated).length;
  const counts = `tests="${t.rows.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0"`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="stampede gate" ${counts}>`,
    `  <testsuite name="${a(suite)}" ${counts}>`,
    '    <properties>',
    `      <property name="baseline" value="${a(result.baseline.runId)}"/>`,
    `      <property name="current" value="${a(result.current.runId)}"/>`,
    `      <property name="baselineRuns" value="${result.baseline.runs}"/>`,
    `      <property name="currentRuns" value="${result.current.runs}"/>`,
    '    </properties>',
  ];
  result.rows.forEach((row, i) => {
    const r = t.rows[i];
    if (r === undefined) return;
    const [metric, baseline, current, change, limit, verdict] = r.cells;
    const open = `    <testcase classname="${a(classname)}" name="${a(metric)}" time="0"`;
    const summary = `${metric}: baseline ${baseline}, current ${current} (change ${change}${r.gated ? `, limit ${limit}` : ''})`;
    const detail = [summary, ...(row.note === undefined ? [] : [row.note])].join('\n');
    if (r.failed) {
      out.push(`${open}>`);
      out.push(`      <failure message="${a(`${verdict}: ${summary}`)}" type="${a(row.verdict)}">${escapeXml(detail)}</failure>`);
      out.push('    </testcase>');
    } else if (!r.gated) {
      out.push(`${open}>`, `      <skipped message="${a(`not gated (information): ${summary}`)}"/>`, '    </testcase>');
    } else {
      out.push(`${open}>`, `      <system-out>${escapeXml(`${verdict}: ${detail}`)}</system-out>`, '    </testcase>');
    }
  });
  if (t.notes.length > 0) out.push(`    <system-out>${escapeXml(t.notes.map((n) => `note: ${n}`).join('\n'))}</system-out>`);
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}
