/**
 * `stampede run --shards N` on the local engine, through the built CLI (issue 10's proof): N shard processes at
 * rate/N against one cache and origin give what one generator at the full rate gives, merged exactly; a killed
 * shard fails the run; a shard whose clock is 5 s off is refused; `stampede merge` rebuilds the report offline.
 * Needs `pnpm build` first (the root `pnpm test` does it).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createHistogram, decodeHistogram, percentileMs } from '@stampede/loadgen';
import type { Report } from '../record/report.js';
import type { ShardResult } from '../shards/shard-protocol.js';
import { runBuiltCli } from './testing/run-built-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'stampede-shards-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A short purge on the embedded cache at 400 req/s: baseline 4 s, purge at 5 s, at most 13 s of load. */
const specFile = join(dir, 'shard-purge.yaml');
writeFileSync(
  specFile,
  `name: shard-purge
title: a short global purge, sharded
incident: test
description: test
load: { ratePerS: 400, durationS: 13s, keys: 300, distribution: "zipf:1.1", arrival: poisson, connections: 256 }
origin: { concurrency: 4, queue: 8, queueTimeoutMs: 250, serviceTime: { kind: constant, ms: 25 }, ttlS: 600 }
cache: { kind: embedded, coalescing: false }
warmup: { durationS: 1s }
baselineS: 4
timeline:
  - { at: 5s, action: purge-all }
observe: { maxS: 8s, stopWhenRecovered: true, extraS: 1s }
recovery: { windowS: 2 }
thresholds: ["rate503 < 0.5"]
`,
);

const runCli = (args: string[], env: Record<string, string> = {}) => runBuiltCli(args, { cwd: dir, env });

const readReport = (runId: string): Report => JSON.parse(readFileSync(join(dir, 'reports', runId, 'report.json'), 'utf8')) as Report;

/** |x - median| within the larger of a relative band and twice the single runs' own spread */
function withinNoise(x: number, stats: { median: number | null; min: number | null; max: number | null }, relative: number, floor: number): void {
  const median = stats.median ?? 0;
  const spread = (stats.max ?? 0) - (stats.min ?? 0);
  const band = Math.max(relative * median, 2 * spread, floor);
  expect(Math.abs(x - median), `${x} vs single-generator median ${median} (min ${stats.min}, max ${stats.max}), band ±${band}`).toBeLessThanOrEqual(band);
}

describe('stampede run --shards (local engine)', () => {
  test('4 shards at rate/4 measure what one generator at the full rate measures, merged exactly; merge rebuilds it offline', async () => {
    const single = await runCli(['run', specFile, '--repeat', '3', '--out', join(dir, 'reports'), '--run-id', 'single']);
    expect(single.code, single.stderr).toBe(0);
    const sharded = await runCli(['run', specFile, '--shards', '4', '--out', join(dir, 'reports'), '--run-id', 'sharded']);
    const one = readReport('single');
    const four = readReport('sharded');
    const stats = one.repeat?.metrics ?? {};

    // one report from four generators, each at rate/4
    expect(four.shards?.count).toBe(4);
    expect(four.shards?.rows.map((r) => r.state)).toEqual(['ok', 'ok', 'ok', 'ok']);
    for (const r of four.shards?.rows ?? []) withinNoise(r.requests, { median: four.summary.requests / 4, min: null, max: null }, 0.15, 20);
    // client 503s summed over the shards == origin rejections, exactly
    expect(four.summary.status['503']).toBe(four.summary.origin.rejected503);
    // the same origin arrivals, 503s and verdict as one generator, within the single runs' own noise
    withinNoise(four.summary.origin.arrivals, stats['origin.arrivals']!, 0.2, 50);
    withinNoise(four.summary.status['503'], stats['status.503']!, 0.5, 30);
    expect(four.summary.recovery.recovered).toBe(one.summary.recovery.recovered);
    // the verdict's checks: the same ones fail (a shard saturated by this 2-core machine would add shards.saturated)
    const checks = (r: Report) => r.verdict.failures.map((f) => f.metric).filter((m) => m !== 'shards.saturated' && !m.startsWith('generator.'));
    expect(checks(four)).toEqual(checks(one));
    expect(sharded.code).toBe(four.verdict.pass ? 0 : 1);

    // merged p99 == p99 of one histogram fed every shard's recorded values (never an average of the shards' p99s)
    const shardFiles = readdirSync(join(dir, 'reports', 'sharded', 'shards')).map((f) => join(dir, 'reports', 'sharded', 'shards', f));
    expect(shardFiles).toHaveLength(4);
    const results = shardFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as ShardResult);
    const fed = createHistogram();
    for (const r of results) fed.add(decodeHistogram(r.result.histograms.all));
    expect(four.summary.latencyMs.all.p99).toBe(percentileMs(fed, 99));

    // offline: the shards' files and the controller's report.json give the same report
    const merged = await runCli(['merge', ...shardFiles, '--out', join(dir, 'reports'), '--run-id', 'merged']);
    expect(merged.code, merged.stderr).toBe(sharded.code);
    const offline = readReport('merged');
    expect(offline.summary.requests).toBe(four.summary.requests);
    expect(offline.summary.status).toEqual(four.summary.status);
    expect(offline.summary.origin).toEqual(four.summary.origin);
    expect(offline.summary.latencyMs.all).toEqual(four.summary.latencyMs.all);
    expect(offline.summary.recovery).toEqual(four.summary.recovery);
    expect(offline.series.map((p) => [p.t, p.sent, p.status['503'], p.latencyMs.p99])).toEqual(four.series.map((p) => [p.t, p.sent, p.status['503'], p.latencyMs.p99]));
  }, 240_000);

  test('a shard killed mid-run is reported and fails the run', async () => {
    const out = await runCli(['run', specFile, '--shards', '2', '--out', join(dir, 'reports'), '--run-id', 'killed'], { STAMPEDE_INJECT_SHARD_KILL: '1:3' });
    expect(out.code, out.stderr).toBe(1);
    const report = readReport('killed');
    expect(report.shards?.rows[1]).toMatchObject({ state: 'died', reason: expect.stringMatching(/SIGKILL/) });
    expect(report.verdict.failures.map((f) => f.metric)).toContain('shards.failed');
    expect(readFileSync(join(dir, 'reports', 'killed', 'report.md'), 'utf8')).toMatch(/\| 1 \| \*\*died: ended mid-run/);
  }, 120_000);

  test('a shard whose clock is 5 s off is refused before any load, with exit 3 and the fix', async () => {
    const out = await runCli(['run', specFile, '--shards', '2', '--out', join(dir, 'reports'), '--run-id', 'skewed'], { STAMPEDE_INJECT_CLOCK_SKEW_MS: '0:5000' });
    expect(out.code).toBe(3);
    expect(out.stderr).toMatch(/shard 0's clock is (49|50)\d\d ms ahead of the controller's.*--max-clock-offset/s);
  }, 120_000);
});
