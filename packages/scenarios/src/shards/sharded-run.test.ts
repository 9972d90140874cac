/**
 * The local engine end to end: real shard processes (the built CLI's `stampede shard`) against a real fake origin
 * on 127.0.0.1, driven through the controller. Needs `pnpm build` (the tests run after it).
 */
import { startBackend, type Backend } from '@stampede/fake-backend';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../commands/testing/free-port.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { externalEngine } from './external-engine.js';
import { localEngine } from './local-engine.js';
import { shardEnvVars } from './shard-env.js';
import { startShardedLoad, type ShardedLoadResult } from './sharded-run.js';

const BIN = fileURLToPath(new URL('../../bin/stampede.js', import.meta.url));


let origin: Backend | undefined;
const savedEnv = { ...process.env };
afterEach(async () => {
  await origin?.close();
  origin = undefined;
  process.env = { ...savedEnv };
});

async function shardedAgainstOrigin(shards: number, env: Record<string, string> = {}, extra: { maxClockOffsetMs?: number } = {}) {
  origin = await startBackend({ concurrency: 4, queue: 8, serviceTime: { kind: 'constant', ms: 20 }, intervalMs: 500 });
  // the engine starts the shards with this process's environment (plus the contract's)
  Object.assign(process.env, env);
  {
    const run = startShardedLoad(
      { url: `${origin.url}/items/{key}`, ratePerS: 400, durationS: 3, intervalMs: 500, keys: 50, seed: 7 },
      { shards, engine: localEngine(), runId: `test-${shards}-${Date.now()}`, ...extra },
    );
    const buckets: number[] = [];
    run.on('bucket', (b) => buckets.push(b.t));
    return { run, buckets };
  }
}

describe('a sharded load on the local engine', () => {
  it('merges 3 shards exactly: client 503s == origin rejections, sent == origin arrivals, rows per shard', async () => {
    const { run, buckets } = await shardedAgainstOrigin(3);
    const result = (await run.done) as ShardedLoadResult;
    const o = origin!.stats().totals;
    expect(result.shards.rows.map((r) => r.state)).toEqual(['ok', 'ok', 'ok']);
    expect(result.summary.requests).toBeGreaterThan(1100);
    expect(result.summary.sent).toBe(o.arrivals);
    expect(result.summary.status['503']).toBe(o.rejected503);
    expect(result.summary.status['503']).toBeGreaterThan(0); // 400/s of 20 ms on 4 slots + 8 queued overloads it
    expect(result.shards.rows.reduce((n, r) => n + r.requests, 0)).toBe(result.summary.requests);
    // the live buckets are the grid the final series is on
    expect(buckets.length).toBeGreaterThanOrEqual(6);
    for (const t of result.series.map((p) => p.t)) expect(t % 500).toBe(0);
    for (const row of result.shards.rows) expect(Math.abs(row.clockOffsetMs)).toBeLessThan(50);
  }, 60_000);

  it('refuses a shard whose clock is 5 s off, before any load (exit code 3 class)', async () => {
    const { run } = await shardedAgainstOrigin(2, { STAMPEDE_INJECT_CLOCK_SKEW_MS: '1:5000' });
    await expect(run.done).rejects.toMatchObject({ code: 'STAMPEDE_CLOCK_OFFSET', message: expect.stringMatching(/shard 1's clock is (49|50)\d\d ms ahead/) });
    expect(origin!.stats().totals.arrivals).toBe(0);
  }, 60_000);

  it('corrects a 5 s offset when allowed: buckets land on the controller grid, counts reconcile', async () => {
    const { run } = await shardedAgainstOrigin(2, { STAMPEDE_INJECT_CLOCK_SKEW_MS: '1:5000' }, { maxClockOffsetMs: 10_000 });
    const result = (await run.done) as ShardedLoadResult;
    const row = result.shards.rows[1]!;
    expect(row.clockOffsetMs).toBeGreaterThan(-5050);
    expect(row.clockOffsetMs).toBeLessThan(-4950);
    // the corrected shard's buckets share the grid and the time span of the other's: no bucket 5 s away
    const span = result.series[result.series.length - 1]!.t - result.series[0]!.t;
    expect(span).toBeLessThan(6000);
    expect(result.summary.sent).toBe(origin!.stats().totals.arrivals);
  }, 60_000);

  it('waits for shards started outside stampede (engine external) with the contract\'s environment', async () => {
    origin = await startBackend({ concurrency: 4, queue: 8, serviceTime: { kind: 'constant', ms: 20 }, intervalMs: 500 });
    const port = await freePort();
    const load = { url: `${origin.url}/items/{key}`, ratePerS: 200, durationS: 2, intervalMs: 500, keys: 50, seed: 7 };
    const runId = `external-${Date.now()}`;
    const run = startShardedLoad(load, { shards: 2, engine: externalEngine(), runId, listen: { host: '127.0.0.1', port } });
    // what `kubectl apply` of rendered manifests would start: the stampede shard command with the contract
    const env = shardEnvVars({ shards: 2, runId, load, controllerUrl: `http://127.0.0.1:${port}` });
    const shards = [0, 1].map((i) => spawn(process.execPath, [BIN, 'shard'], { env: { ...process.env, ...env, JOB_COMPLETION_INDEX: String(i) }, stdio: 'ignore' }));
    const result = (await run.done) as ShardedLoadResult;
    await Promise.all(shards.map((c) => (c.exitCode === null ? once(c, 'exit') : undefined)));
    expect(shards.map((c) => c.exitCode)).toEqual([0, 0]);
    expect(result.shards.rows.map((r) => r.state)).toEqual(['ok', 'ok']);
    expect(result.shards.engine).toBe('external');
    expect(result.summary.sent).toBe(origin.stats().totals.arrivals);
  }, 60_000);

  it('a stop before the barrier (Ctrl-C in that phase) ends the run at once, nothing measured, no fault, no shard left', async () => {
    const { run } = await shardedAgainstOrigin(2);
    const errors: string[] = [];
    run.on('error', (e) => errors.push(e.message));
    run.stop();
    await expect(run.done).rejects.toMatchObject({ code: 'STAMPEDE_SHARD_START', message: /stopped before the shards started/ });
    await run.close();
    expect(errors).toEqual([]);
    expect(origin!.stats().totals.arrivals).toBe(0);
  }, 60_000);

  it('reports a shard killed mid-run and keeps what it streamed', async () => {
    const { run } = await shardedAgainstOrigin(2, { STAMPEDE_INJECT_SHARD_KILL: '0:1' });
    const errors: string[] = [];
    run.on('error', (e) => errors.push(e.message));
    const result = (await run.done) as ShardedLoadResult;
    expect(result.shards.rows[0]).toMatchObject({ state: 'died', reason: expect.stringMatching(/SIGKILL/) });
    expect(result.shards.rows[1]?.state).toBe('ok');
    expect(result.summary.generator.saturated).toBe(true);
    expect(errors.join()).toMatch(/shard 0 died/);
    expect(result.shards.rows[0]!.requests).toBeGreaterThan(0);
  }, 60_000);
});
