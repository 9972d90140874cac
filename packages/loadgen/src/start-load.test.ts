/**
 * End to end: piscina worker threads driving undici against a real node:http server on 127.0.0.1:0.
 * Bounds are generous where timing matters; no assertion depends on wall-clock speed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/http-test-server.js';
import { epochNow } from './clock.js';
import { LoadSpecError, LoadWorkerError, RemoteTargetError } from './errors.js';
import { histogramCount } from './histogram.js';
import type { LoadBucket, LoadResult } from './result.js';
import { runLoad } from './run-load.js';
import { validateLoadSpec } from './spec.js';
import { startLoad, startRun } from './start-load.js';

async function server(handler?: (req: IncomingMessage, res: ServerResponse, index: number) => void): Promise<TestServer> {
  const s = await startTestServer(handler);
  onTestFinished(() => s.close());
  return s;
}

function expectReconciled(result: LoadResult): void {
  const s = result.summary;
  expect(s.requests).toBe(s.sent + s.dropped);
  expect(s.sent).toBe(s.responses + s.status.timeout + s.status.connError);
  expect(s.responses).toBe(s.status['2xx'] + s.status['4xx'] + s.status['503'] + s.status['5xx']);
  expect(s.cache.hit + s.cache.miss + s.cache.stale + s.cache.pass + s.cache.unknown).toBe(s.responses);
  expect(histogramCount(result.histograms.all)).toBe(s.responses);
}

function expectSeriesOnGrid(series: readonly LoadBucket[], t0: number, intervalMs: number): void {
  series.forEach((b, i) => expect(b.t).toBe(t0 + i * intervalMs));
}

describe('startLoad', () => {
  it('counts statuses and cache outcomes; client and server reconcile', async () => {
    const statuses = [200, 404, 503, 500, 200];
    const caches = ['HIT', 'miss', 'STALE 2', undefined, 'BYPASS'];
    const sent = { status: new Map<number, number>(), cache: new Map<string, number>() };
    const srv = await server((_req, res, i) => {
      const status = statuses[i % statuses.length] as number;
      const cache = caches[Math.floor(i / statuses.length) % caches.length];
      sent.status.set(status, (sent.status.get(status) ?? 0) + 1);
      sent.cache.set(cache ?? 'none', (sent.cache.get(cache ?? 'none') ?? 0) + 1);
      res.writeHead(status, cache === undefined ? {} : { 'X-Cache': cache });
      res.end('body');
    });
    const run = startLoad({
      url: `${srv.origin}/items/{key}`,
      ratePerS: 500,
      durationS: 1,
      workers: 2,
      connections: 8,
      intervalMs: 100,
    });
    onTestFinished(() => run.close());
    const started: number[] = [];
    const emitted: LoadBucket[] = [];
    run.on('started', ({ t0 }) => started.push(t0));
    run.on('bucket', (b) => emitted.push(b));
    const result = await run.done;

    expect(started).toEqual([result.t0]);
    expect(result.t0 % 100).toBe(0);
    expect(emitted).toEqual(result.series);
    expectSeriesOnGrid(result.series, result.t0, 100);
    expectReconciled(result);

    const s = result.summary;
    expect(s.requests).toBe(500);
    expect(s.dropped).toBe(0);
    expect(s.responses).toBe(500);
    expect(srv.requests).toBe(s.responses);
    expect(s.status).toEqual({
      '2xx': sent.status.get(200),
      '4xx': sent.status.get(404),
      '503': sent.status.get(503),
      '5xx': sent.status.get(500),
      timeout: 0,
      connError: 0,
    });
    expect(s.cache).toEqual({
      hit: sent.cache.get('HIT'),
      miss: sent.cache.get('miss'),
      stale: sent.cache.get('STALE 2'),
      pass: sent.cache.get('BYPASS'),
      unknown: sent.cache.get('none'),
    });
    expect(s.rate503).toBeCloseTo(100 / 500, 9);
    expect(s.peak503PerSec).toBeGreaterThan(0);
    expect(s.achievedRatePerS).toBeCloseTo(500, 6);
    expect(s.bodyBytes).toBe(500 * 'body'.length);
    expect(s.latencyMs.p50).toBeGreaterThan(0);
    expect(s.latencyMs.max).toBeGreaterThanOrEqual(s.latencyMs.p99);
    expect(result.stoppedEarly).toBe(false);
    expect(result.errors).toBeUndefined();
    expect(result.spec.workers).toBe(2);
  });

  it('a 1 s server stall shows in latency from intended time, not in most service times', async () => {
    let stallUntil = 0;
    const srv = await server((_req, res, i) => {
      if (i === 30) stallUntil = epochNow() + 1000;
      const wait = stallUntil - epochNow();
      const respond = () => res.end('ok');
      if (wait > 0) setTimeout(respond, wait);
      else respond();
    });
    const result = await runLoad({
      url: `${srv.origin}/`,
      ratePerS: 100,
      durationS: 2,
      workers: 1,
      connections: 4,
      intervalMs: 100,
    });
    expectReconciled(result);
    const s = result.summary;
    expect(s.responses).toBe(200);
    // ~100 requests were intended during the stall: the oldest waited ~1 s from its intended time
    expect(s.latencyMs.max).toBeGreaterThanOrEqual(900);
    expect(s.latencyMs.p99).toBeGreaterThanOrEqual(850);
    // only the few requests on the wire when it froze saw it as service time
    expect(s.serviceTimeMs.p50).toBeLessThan(100);
    expect(s.latencyMs.p90).toBeGreaterThan(s.serviceTimeMs.p90);
  });

  it('stop() ends the run early with what was measured', async () => {
    const srv = await server();
    const run = startLoad({ url: `${srv.origin}/`, ratePerS: 200, durationS: 30, workers: 2, connections: 4, intervalMs: 100 });
    onTestFinished(() => run.close());
    run.once('started', ({ t0 }) => setTimeout(() => run.stop(), t0 - epochNow() + 400));
    const began = epochNow();
    const result = await run.done;
    expect(epochNow() - began).toBeLessThan(10_000);
    expect(result.stoppedEarly).toBe(true);
    expectReconciled(result);
    expectSeriesOnGrid(result.series, result.t0, 100);
    expect(result.summary.requests).toBeGreaterThan(40);
    expect(result.summary.requests).toBeLessThan(1000);
    expect(srv.requests).toBe(result.summary.responses);
    run.stop(); // idempotent after the end
  });

  it('closed model: connections send back to back for the duration', async () => {
    const srv = await server();
    const result = await runLoad({
      url: `${srv.origin}/`,
      model: 'closed',
      durationS: 0.5,
      workers: 2,
      connections: 4,
      intervalMs: 100,
    });
    expectReconciled(result);
    expect(result.summary.responses).toBeGreaterThan(100);
    expect(srv.requests).toBe(result.summary.responses);
    expect(result.summary.generator.scheduleLagP99Ms).toBe(0);
  });

  it('close() during a run terminates the workers and settles done', async () => {
    const srv = await server(() => undefined); // never answers
    const run = startLoad({ url: `${srv.origin}/`, ratePerS: 100, durationS: 30, workers: 2, connections: 2 });
    await new Promise<void>((resolve) => run.once('started', () => resolve()));
    const began = epochNow();
    await run.close();
    expect(epochNow() - began).toBeLessThan(5000);
    const result = await run.done;
    expect(result.stoppedEarly).toBe(true);
    await run.close(); // idempotent
  });

  it('retries over two workers: summary.retry totals the buckets, attempts reconcile with the server', async () => {
    // every third request is a 503 (by arrival order); 503s are retried at most twice
    const srv = await server((_req, res, i) => res.writeHead(i % 3 === 0 ? 503 : 200).end());
    const result = await runLoad({
      url: `${srv.origin}/items/{key}`,
      ratePerS: 200,
      durationS: 1,
      workers: 2,
      connections: 4,
      intervalMs: 100,
      retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 2, maxMs: 20, jitter: 'equal' },
    });
    const { summary: s, series } = result;
    const r = s.retry;
    expect(r).toBeDefined();
    expect(r?.logical).toBe(200);
    expect(r?.logical).toBe(s.sent);
    expect(r?.attempts).toBe(srv.requests);
    expect(r?.attempts).toBe(s.responses + s.status.timeout + s.status.connError);
    expect(r?.retries).toBe(series.reduce((n, b) => n + (b.retry?.retries ?? 0), 0));
    expect(r?.retries).toBe(s.status['503'] - (r?.gaveUp ?? 0));
    expect(r?.amplification).toBeCloseTo((r?.attempts ?? 0) / 200, 12);
    expect(r?.amplification).toBeGreaterThan(1.2);
    // latency: one sample per logical request
    expect(histogramCount(result.histograms.all)).toBe(200);
  });

  it('validates synchronously', () => {
    expect(() => startLoad({ url: 'http://127.0.0.1:1/', ratePerS: -5, durationS: 1 })).toThrow(LoadSpecError);
    expect(() => startLoad({ url: 'http://192.0.2.1/', ratePerS: 5, durationS: 1 })).toThrow(RemoteTargetError);
  });
});

describe('worker failures', () => {
  const failingWorker = {
    filename: fileURLToPath(new URL('../test-support/failing-worker.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
  };
  const spec = (failAt: string) =>
    validateLoadSpec({
      url: 'http://127.0.0.1:9/',
      ratePerS: 10,
      durationS: 30,
      workers: 2,
      connections: 2,
      intervalMs: 100,
      headers: { 'x-fail-at': failAt },
    });

  it('a worker that dies mid-run: error emitted and recorded, done resolves with what was measured', async () => {
    const run = startRun(spec('run'), { workerFile: failingWorker });
    onTestFinished(() => run.close());
    const errors: Error[] = [];
    run.on('error', (e) => errors.push(e));
    const buckets: LoadBucket[] = [];
    run.on('bucket', (b) => {
      buckets.push(b);
      if (buckets.length === 4) run.stop();
    });
    const result = await run.done;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(LoadWorkerError);
    expect(errors[0]?.message).toMatch(/^load worker 0 failed: /);
    expect(result.errors).toEqual([errors[0]?.message]);
    // worker 0's one interval plus worker 1's until the stop
    expect(result.series.length).toBeGreaterThanOrEqual(4);
    expect(result.summary.responses).toBe(result.series.length + 1);
    expectSeriesOnGrid(result.series, result.t0, 100);
    // the generator's health says the offered load fell short
    expect(result.summary.generator).toMatchObject({ saturated: true, workersFailed: 1 });
    expect(result.summary.generator.reason).toMatch(/1 worker thread\(s\) failed during the run/);
  });

  it('a worker that cannot start: done rejects with LoadWorkerError, nothing hangs', async () => {
    const run = startRun(spec('load'), { workerFile: failingWorker });
    onTestFinished(() => run.close());
    await expect(run.done).rejects.toBeInstanceOf(LoadWorkerError);
    await expect(run.done).rejects.toThrow(/cannot load/);
  });
});
