/**
 * A cache that dies mid-run: the run goes on (clients get connection errors), the report keeps what was measured
 * and records the fault as an event, and the verdict fails.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { hasBinary, pidsNamed } from './testing/processes.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stampede-cache-dies-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasVarnish = hasBinary('varnishd');
/** varnishd's manager and its cache child (comm `cache-main`) */
const varnishPids = () => pidsNamed('varnishd', 'cache-main');

const SPEC = `name: cache-dies
title: the cache dies mid-run
incident: test
description: test
load: { ratePerS: 100, durationS: 12s, keys: 100, workers: 1, connections: 32, timeoutMs: 2000 }
origin: { concurrency: 8, serviceTime: { kind: constant, ms: 5 } }
warmup: false
baselineS: 4
timeline:
  - { at: 5s, action: mark, label: steady }
observe: { maxS: 6s, stopWhenRecovered: false }
`;

interface DiesReport {
  events: { kind?: string; detail: { source?: string; error?: string } }[];
  summary: { status: { connError: number; '2xx': number }; recovery: { recovered: boolean }; baseline?: { healthy?: boolean; problem?: string } };
  verdict: { failures: { metric: string }[] };
}

/** Runs the spec on varnish, SIGKILLs varnishd once stderr shows `trigger` plus `delayMs`; returns exit code + report. */
async function runAndKill(runId: string, trigger: string, delayMs: number): Promise<{ code: unknown; report: DiesReport }> {
  const spec = join(dir, `${runId}.yaml`);
  writeFileSync(spec, SPEC);
  const before = varnishPids();
  const child = spawn(process.execPath, [cli, 'run', spec, '--cache', 'varnish', '--out', dir, '--run-id', runId], {
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  while (!stderr.includes(trigger)) await sleep(50);
  await sleep(delayMs);
  const started = [...varnishPids()].filter((p) => !before.has(p));
  expect(started.length).toBeGreaterThan(0);
  for (const pid of started) process.kill(pid, 'SIGKILL');
  const code = await exited;
  return { code, report: JSON.parse(readFileSync(join(dir, runId, 'report.json'), 'utf8')) as DiesReport };
}

test.skipIf(!hasVarnish)('varnishd killed mid-run: a fault event, connection errors counted, report written, exit 1', async () => {
  // after the steady baseline and the 5 s mark
  const { code, report } = await runAndKill('dies', '! mark', 1500);
  expect(code).toBe(1);
  const fault = report.events.find((e) => e.kind === 'fault' && e.detail.source === 'cache');
  expect(fault?.detail.error).toMatch(/died mid-run/);
  expect(report.summary.status['2xx']).toBeGreaterThan(100);
  expect(report.summary.status.connError).toBeGreaterThan(0);
  expect(report.summary.baseline?.healthy).toBe(true);
}, 60_000);

test.skipIf(!hasVarnish)('varnishd killed during the baseline: the baseline is unhealthy, recovery is not judged, exit 1', async () => {
  // about 1.5 s into the load: most of the 4 s baseline window is connection errors, and every bucket after the
  // mark is "as bad as the baseline" — without the rule that would read as an instant recovery
  const { code, report } = await runAndKill('dies-early', '· load', 2500);
  expect(code).toBe(1);
  expect(report.events.some((e) => e.kind === 'fault' && e.detail.source === 'cache')).toBe(true);
  expect(report.summary.baseline?.healthy).toBe(false);
  expect(report.summary.baseline?.problem).toMatch(/failed before the fault/);
  expect(report.summary.recovery.recovered).toBe(false);
  expect(report.verdict.failures.map((f) => f.metric)).toContain('baseline.healthy');
}, 60_000);
