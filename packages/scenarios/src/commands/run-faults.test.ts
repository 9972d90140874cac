/**
 * Faults inside a run, through the built CLI: a load worker thread that crashes and an origin that hangs past the
 * client timeout. The run goes on where it can, the report keeps what was measured and records the fault.
 * (A cache that dies mid-run: run-cache-dies.test.ts.) Needs `pnpm build` first (the root `pnpm test` does it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stampede-faults-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface FaultReport {
  events: { t: number; action: string; kind?: string; detail: Record<string, unknown> }[];
  series: { t: number; sent: number; status: Record<string, number> }[];
  summary: {
    status: Record<string, number>;
    recovery: { recovered: boolean };
    generator: { saturated: boolean; workersFailed?: number; reason?: string };
  };
  verdict: { pass: boolean; failures: { metric: string; actual: unknown }[] };
  interrupted?: unknown;
}

/** epoch ms of the measured load's first intended request */
function loadStart(report: FaultReport): number {
  const start = report.events.find((e) => e.action === 'load-start');
  if (!start) throw new Error('no load-start event');
  return start.t;
}

/** requests sent per bucket whose start is in [fromS, toS) after the load's start */
function sentBetween(report: FaultReport): (fromS: number, toS: number) => number[] {
  const t0 = loadStart(report);
  return (fromS, toS) => report.series.filter((p) => p.t >= t0 + fromS * 1000 && p.t < t0 + toS * 1000).map((p) => p.sent);
}

function run(name: string, spec: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; report: FaultReport }> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, spec);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'run', file, '--out', dir, '--run-id', name], {
      env: { ...process.env, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) =>
      resolve({ code, stdout, stderr, report: JSON.parse(readFileSync(join(dir, name, 'report.json'), 'utf8')) as FaultReport }),
    );
  });
}

describe('faults inside a run', () => {
  test('a load worker thread crashes at 3 s: a fault event, the other worker carries on, the verdict fails', async () => {
    const { code, stdout, report } = await run(
      'worker-crash',
      `name: worker-crash
title: a load worker dies
incident: test
description: test
load: { ratePerS: 200, durationS: 10s, keys: 200, workers: 2, connections: 64 }
origin: { concurrency: 16, serviceTime: { kind: constant, ms: 5 }, ttlS: 600 }
warmup: false
baselineS: 4
timeline:
  - { at: 6s, action: mark, label: after-the-crash }
observe: { maxS: 4s, stopWhenRecovered: false }
recovery: { windowS: 2 }
`,
      { STAMPEDE_INJECT_WORKER_CRASH_S: '3' },
    );
    expect(code, stdout).toBe(1);
    expect(report.interrupted).toBeUndefined();
    const fault = report.events.find((e) => e.kind === 'fault' && e.detail.source === 'load-worker');
    expect(String(fault?.detail.error)).toMatch(/load worker 0 failed: .*injected crash/);
    expect(report.summary.generator).toMatchObject({ saturated: true, workersFailed: 1 });
    expect(report.verdict.failures).toContainEqual({ metric: 'generator.workersFailed', op: '==', limit: 0, actual: 1 });
    expect(stdout).toMatch(/GENERATOR SATURATED/);
    // the crash is the only failure (recovery from the mark is judged over a 2 s window)
    expect(report.verdict.failures).toHaveLength(1);
    // the run went on to its end with the surviving worker's half of the (Poisson) rate; the dead worker's last
    // interval (2-3 s, not yet reported when it died) went with it
    const sent = sentBetween(report);
    expect(sent(0, 2).every((n) => n >= 150 && n <= 250), String(sent(0, 2))).toBe(true);
    const after = sent(4, 10);
    expect(after).toHaveLength(6);
    expect(after.every((n) => n >= 60 && n <= 140), String(after)).toBe(true);
  }, 60_000);

  test('the origin hangs for 4 s, past the 1 s client timeout: timeouts counted, the run goes on and recovers', async () => {
    const { code, stdout, report } = await run(
      'origin-hangs',
      `name: origin-hangs
title: the origin freezes
incident: test
description: test
load: { ratePerS: 100, durationS: 20s, keys: 2000, distribution: uniform, workers: 1, connections: 256, timeoutMs: 1000 }
origin: { concurrency: 8, queue: 1000, queueTimeoutMs: 30000, serviceTime: { kind: constant, ms: 5 }, ttlS: 1 }
cache: { kind: embedded, coalescing: false }
warmup: false
baselineS: 4
timeline:
  - { at: 5s, action: origin-pause, durationS: 4 }
observe: { maxS: 14s, stopWhenRecovered: true, extraS: 1s }
recovery: { windowS: 2 }
`,
    );
    expect(code, stdout).toBe(0);
    expect(report.events.some((e) => e.action === 'origin-pause' && e.kind === 'action')).toBe(true);
    // requests sent into the hang time out after 1 s, counted as timeouts (not responses, not dropped)
    expect(report.summary.status.timeout).toBeGreaterThan(100);
    const t0 = loadStart(report);
    const timeouts = report.series.filter((p) => (p.status.timeout ?? 0) > 0).map((p) => (p.t - t0) / 1000);
    expect(Math.min(...timeouts)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...timeouts)).toBeLessThanOrEqual(10);
    // the open-model load kept its (Poisson) rate through the hang, and the run recovered once the origin resumed
    const during = sentBetween(report)(5, 9);
    expect(during.every((n) => n >= 60), String(during)).toBe(true);
    expect(report.summary.recovery.recovered).toBe(true);
    expect(report.summary.generator.saturated).toBe(false);
  }, 60_000);
});
