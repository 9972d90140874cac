/**
 * The worker's scheduler and accounting, run in the test's own thread against a real server (no piscina):
 * the message protocol, reconciliation, drops, timeouts and connection errors.
 */
import { MessageChannel } from 'node:worker_threads';
import { Pool } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/http-test-server.js';
import { alignedStart, epochNow } from './clock.js';
import { decodeHistogram, emptyEncodedHistogram, maxMs, mergeEncodedHistograms, percentileMs } from './histogram.js';
import type { WorkerBucket, WorkerToMain } from './protocol.js';
import { validateLoadSpec, type LoadSpec, type LoadSpecInput } from './spec.js';
import loadWorker from './worker.js';
import { WorkerRunner } from './worker-runner.js';

interface Run {
  messages: WorkerToMain[];
  buckets: WorkerBucket[];
  t0: number;
  runner: WorkerRunner;
}

async function server(handler?: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const s = await startTestServer(handler);
  onTestFinished(() => s.close());
  return s;
}

function spec(input: LoadSpecInput): LoadSpec {
  return validateLoadSpec({ workers: 1, connections: 4, intervalMs: 100, ...input });
}

/** Runs one worker's share in this thread; `during` runs once the schedule has started. */
async function runInThread(s: LoadSpec, during?: (runner: WorkerRunner) => void): Promise<Run> {
  const pool = new Pool(new URL(s.url.replace('{key}', 'k')).origin, {
    connections: s.connections,
    pipelining: s.pipelining,
    headersTimeout: s.timeoutMs,
    bodyTimeout: s.timeoutMs,
  });
  onTestFinished(() => pool.destroy());
  const messages: WorkerToMain[] = [];
  const runner = new WorkerRunner({
    spec: s,
    worker: 0,
    workers: 1,
    connections: s.connections,
    dispatcher: pool,
    post: (m) => messages.push(m),
  });
  const t0 = alignedStart(epochNow(), s.intervalMs);
  runner.start(t0);
  if (during) setTimeout(() => during(runner), t0 - epochNow());
  await runner.done;
  const buckets = messages.flatMap((m) => (m.type === 'bucket' ? [m.bucket] : []));
  return { messages, buckets, t0, runner };
}

const sum = (buckets: WorkerBucket[], f: (b: WorkerBucket) => number) => buckets.reduce((a, b) => a + f(b), 0);
const outcomes = (b: WorkerBucket) => b.responses + b.status.timeout + b.status.connError;

function expectProtocol(run: Run, intervalMs: number): void {
  const { messages, buckets, t0 } = run;
  // one message per interval, consecutive from t0, then `done`
  buckets.forEach((b, i) => expect(b.t).toBe(t0 + i * intervalMs));
  expect(messages.at(-1)?.type).toBe('done');
  expect(messages.filter((m) => m.type === 'done')).toHaveLength(1);
  const done = messages.at(-1) as Extract<WorkerToMain, { type: 'done' }>;
  expect(done.buckets).toBe(buckets.length);
}

function expectReconciled(buckets: WorkerBucket[]): void {
  expect(sum(buckets, (b) => b.intended)).toBe(sum(buckets, (b) => b.sent + b.dropped));
  expect(sum(buckets, (b) => b.sent)).toBe(sum(buckets, outcomes));
}

describe('WorkerRunner', () => {
  it('open model: one bucket message per interval, counts reconcile with the server', async () => {
    const srv = await server();
    const s = spec({ url: `${srv.origin}/items/{key}`, ratePerS: 400, durationS: 1 });
    const run = await runInThread(s);
    expectProtocol(run, 100);
    expectReconciled(run.buckets);
    // 400/s for 1 s, all sent and answered, and the server saw exactly those requests
    expect(sum(run.buckets, (b) => b.intended)).toBe(400);
    expect(sum(run.buckets, (b) => b.responses)).toBe(400);
    expect(srv.requests).toBe(400);
    // 10 intervals of schedule (+ the interval in which the last response arrived)
    expect(run.buckets.length).toBeGreaterThanOrEqual(10);
    expect(run.buckets.length).toBeLessThanOrEqual(12);
    // intended times are counted in their own interval: 40 per 100 ms
    for (const b of run.buckets.slice(0, 10)) expect(b.intended).toBe(40);
    // keys were substituted into the path
    expect(srv.paths.every((p) => /^\/items\/k\d+$/.test(p))).toBe(true);
    expect(srv.paths.filter((p) => p === '/items/k1').length).toBeGreaterThan(srv.paths.length / 10);
  });

  it('closed model: N loops for the duration, every request answered', async () => {
    const srv = await server();
    const s = spec({ url: `${srv.origin}/`, model: 'closed', connections: 2, durationS: 0.5 });
    const run = await runInThread(s);
    expectProtocol(run, 100);
    expectReconciled(run.buckets);
    const responses = sum(run.buckets, (b) => b.responses);
    expect(responses).toBeGreaterThan(50);
    expect(srv.requests).toBe(responses);
  });

  it('drops (and counts) requests due while max in-flight is reached', async () => {
    // a server that never answers: in-flight only grows
    const srv = await server(() => undefined);
    const s = spec({ url: `${srv.origin}/`, ratePerS: 200, durationS: 0.5, maxInFlight: 5, timeoutMs: 200 });
    const run = await runInThread(s);
    expectReconciled(run.buckets);
    expect(sum(run.buckets, (b) => b.intended)).toBe(100);
    expect(sum(run.buckets, (b) => b.sent)).toBeLessThan(100);
    expect(sum(run.buckets, (b) => b.dropped)).toBeGreaterThan(0);
    expect(sum(run.buckets, (b) => b.status.timeout)).toBe(sum(run.buckets, (b) => b.sent));
  });

  it('requests still outstanding after the drain are aborted and count as timeout', async () => {
    const srv = await server(() => undefined);
    // 4 connections, 20 requests: most wait inside undici (never written), so no per-request timer runs for them
    const s = spec({ url: `${srv.origin}/`, ratePerS: 40, durationS: 0.5, timeoutMs: 300 });
    const started = epochNow();
    const run = await runInThread(s);
    expectReconciled(run.buckets);
    expect(sum(run.buckets, (b) => b.status.timeout)).toBe(20);
    expect(run.runner.inFlight).toBe(0);
    expect(epochNow() - started).toBeLessThan(5000);
  });

  it('an unreachable target counts connection errors', async () => {
    const srv = await server();
    const url = `${srv.origin}/`;
    await srv.close();
    const s = spec({ url, ratePerS: 50, durationS: 0.3 });
    const run = await runInThread(s);
    expectReconciled(run.buckets);
    expect(sum(run.buckets, (b) => b.status.connError)).toBe(15);
    expect(sum(run.buckets, (b) => b.responses)).toBe(0);
  });

  it('stop() ends scheduling at once; the run still reconciles', async () => {
    const srv = await server();
    const s = spec({ url: `${srv.origin}/`, ratePerS: 200, durationS: 10 });
    const started = epochNow();
    const run = await runInThread(s, (runner) => setTimeout(() => runner.stop(), 300));
    expect(epochNow() - started).toBeLessThan(3000);
    expectProtocol(run, 100);
    expectReconciled(run.buckets);
    const intended = sum(run.buckets, (b) => b.intended);
    expect(intended).toBeGreaterThan(20);
    expect(intended).toBeLessThan(200);
    expect(srv.requests).toBe(sum(run.buckets, (b) => b.responses));
  });
});

describe('WorkerRunner with client retries', () => {
  const retries = (b: WorkerBucket) => b.retry?.retries ?? 0;
  const gaveUp = (b: WorkerBucket) => b.retry?.gaveUp ?? 0;
  const denied = (b: WorkerBucket) => b.retry?.budgetDenied ?? 0;
  /** every attempt (first or retry) ends exactly once as a counted outcome */
  function expectAttemptsReconciled(buckets: WorkerBucket[]): void {
    expect(sum(buckets, (b) => b.intended)).toBe(sum(buckets, (b) => b.sent + b.dropped));
    expect(sum(buckets, (b) => b.sent + retries(b))).toBe(sum(buckets, outcomes));
    for (const b of buckets) expect(b.retry).toBeDefined();
  }
  const latencyCount = (buckets: WorkerBucket[]) =>
    decodeHistogram(mergeEncodedHistograms(buckets.map((b) => b.histogram).concat(emptyEncodedHistogram())));

  it('no policy: buckets carry no retry field and a 503 is final', async () => {
    const srv = await server((_req, res) => res.writeHead(503).end());
    const run = await runInThread(spec({ url: `${srv.origin}/`, ratePerS: 100, durationS: 0.3 }));
    expect(run.buckets.every((b) => b.retry === undefined)).toBe(true);
    expect(srv.requests).toBe(30);
  });

  it('an origin that 503s its first 20 requests: each 503 is retried once more; attempts and logical requests exact', async () => {
    const srv = await server((_req, res, i) => res.writeHead(i < 20 ? 503 : 200, { 'x-cache': 'MISS' }).end('x'));
    const s = spec({
      url: `${srv.origin}/items/{key}`,
      ratePerS: 100,
      durationS: 0.5,
      retry: { maxAttempts: 10, backoff: 'constant', baseMs: 5, jitter: 'none' },
    });
    const run = await runInThread(s);
    expectAttemptsReconciled(run.buckets);
    expect(sum(run.buckets, (b) => b.sent)).toBe(50);
    expect(sum(run.buckets, retries)).toBe(20);
    expect(srv.requests).toBe(70);
    expect(sum(run.buckets, (b) => b.status['503'])).toBe(20);
    expect(sum(run.buckets, (b) => b.status['2xx'])).toBe(50);
    // cache outcomes count every attempt, latency one sample per logical request
    expect(sum(run.buckets, (b) => b.cache.miss)).toBe(70);
    expect(latencyCount(run.buckets).totalCount).toBe(50);
    expect(sum(run.buckets, gaveUp)).toBe(0);
    // a retry goes to the same key as its first attempt: 20 of the paths repeat the one before a retry
    expect(new Set(srv.paths).size).toBeLessThanOrEqual(50);
  });

  it('attempts are capped by maxAttempts; a request still failing then gives up', async () => {
    const srv = await server((_req, res) => res.writeHead(503).end());
    const s = spec({
      url: `${srv.origin}/`,
      ratePerS: 100,
      durationS: 0.3,
      retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 2, maxMs: 8, jitter: 'full' },
    });
    const run = await runInThread(s);
    expectAttemptsReconciled(run.buckets);
    expect(sum(run.buckets, (b) => b.sent)).toBe(30);
    expect(sum(run.buckets, retries)).toBe(60);
    expect(srv.requests).toBe(90);
    expect(sum(run.buckets, gaveUp)).toBe(30);
    expect(sum(run.buckets, denied)).toBe(0);
  });

  it('latency of a retried request runs from its first attempt intended time', async () => {
    // the first request gets a 503; its retry comes 250 ms later
    const srv = await server((_req, res, i) => res.writeHead(i === 0 ? 503 : 200).end());
    const s = spec({
      url: `${srv.origin}/`,
      ratePerS: 10,
      durationS: 0.3,
      retry: { maxAttempts: 2, backoff: 'constant', baseMs: 250, jitter: 'none' },
    });
    const run = await runInThread(s);
    expectAttemptsReconciled(run.buckets);
    const h = latencyCount(run.buckets);
    expect(h.totalCount).toBe(3);
    expect(sum(run.buckets, (b) => b.responses)).toBe(4);
    expect(maxMs(h)).toBeGreaterThanOrEqual(250);
    expect(maxMs(h)).toBeLessThan(2000);
    expect(percentileMs(h, 50)).toBeLessThan(100);
  });

  it('a retry budget of 10 % lets 10 of 100 failing requests retry, and counts the denials', async () => {
    const srv = await server((_req, res) => res.writeHead(503).end());
    const s = spec({
      url: `${srv.origin}/`,
      ratePerS: 200,
      durationS: 0.5,
      retry: { maxAttempts: 5, backoff: 'constant', baseMs: 1, jitter: 'none', budget: { ratio: 0.1 } },
    });
    const run = await runInThread(s);
    expectAttemptsReconciled(run.buckets);
    expect(sum(run.buckets, (b) => b.sent)).toBe(100);
    expect(sum(run.buckets, retries)).toBe(10);
    expect(srv.requests).toBe(110);
    expect(sum(run.buckets, gaveUp)).toBe(100);
    // every failed attempt with attempts left is either retried or denied
    const exhausted = 0; // a token comes every 50 ms here: no request gets 4 retries in a row
    expect(sum(run.buckets, denied)).toBe(110 - 10 - exhausted);
  });

  it('timeouts and connection errors are retried when listed', async () => {
    // the first request never gets an answer (times out), the rest are answered
    const srv = await server((_req, res, i) => {
      if (i > 0) res.writeHead(200).end();
    });
    const s = spec({
      url: `${srv.origin}/`,
      // undici's timeout timers are coarse (they may fire up to ~1 s late): the schedule outlasts them
      ratePerS: 5,
      durationS: 2,
      timeoutMs: 200,
      retry: { on: ['timeout'], maxAttempts: 2, backoff: 'constant', baseMs: 5, jitter: 'none' },
    });
    const run = await runInThread(s);
    expectAttemptsReconciled(run.buckets);
    expect(sum(run.buckets, (b) => b.status.timeout)).toBe(1);
    expect(sum(run.buckets, retries)).toBe(1);
    expect(sum(run.buckets, (b) => b.status['2xx'])).toBe(10);

    const gone = await server();
    const url = `${gone.origin}/`;
    await gone.close();
    const refused = await runInThread(
      spec({ url, ratePerS: 20, durationS: 0.3, retry: { on: ['connError'], maxAttempts: 3, baseMs: 1, maxMs: 1 } }),
    );
    expectAttemptsReconciled(refused.buckets);
    expect(sum(refused.buckets, (b) => b.sent)).toBe(6);
    expect(sum(refused.buckets, (b) => b.status.connError)).toBe(18);
    expect(sum(refused.buckets, gaveUp)).toBe(6);
  });

  it('stop() while retries wait for their backoff: they give up, nothing is sent after, the run reconciles', async () => {
    const srv = await server((_req, res) => res.writeHead(503).end());
    const s = spec({
      url: `${srv.origin}/`,
      ratePerS: 100,
      durationS: 10,
      retry: { maxAttempts: 5, backoff: 'constant', baseMs: 1000, jitter: 'none' },
    });
    const run = await runInThread(s, (runner) => setTimeout(() => runner.stop(), 300));
    expectAttemptsReconciled(run.buckets);
    const sent = sum(run.buckets, (b) => b.sent);
    expect(sent).toBeGreaterThan(10);
    // every request failed once and was waiting for its retry (1 s later) when the run stopped
    expect(sum(run.buckets, retries)).toBe(0);
    expect(sum(run.buckets, gaveUp)).toBe(sent);
    expect(srv.requests).toBe(sent);
  });
});

describe('loadWorker (the piscina entry, in this thread)', () => {
  it('reports ready, then buckets per interval, then done; stop before start posts only done', async () => {
    const srv = await server();
    const s = spec({ url: `${srv.origin}/`, ratePerS: 100, durationS: 0.3 });

    const { port1, port2 } = new MessageChannel();
    onTestFinished(() => port1.close());
    const messages: WorkerToMain[] = [];
    port1.on('message', (m: WorkerToMain) => {
      messages.push(m);
      if (m.type === 'ready') port1.postMessage({ type: 'start', t0: alignedStart(epochNow(), s.intervalMs) });
    });
    const exit = await loadWorker({ spec: s, worker: 0, workers: 1, connections: 2, port: port2 });
    await new Promise((r) => setTimeout(r, 50)); // let the port deliver
    expect(messages[0]).toEqual({ type: 'ready', worker: 0 });
    expect(messages.at(-1)?.type).toBe('done');
    const buckets = messages.filter((m) => m.type === 'bucket');
    expect(buckets.length).toBe(exit.buckets);
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    expect(srv.requests).toBe(30);

    const channel = new MessageChannel();
    onTestFinished(() => channel.port1.close());
    const early: WorkerToMain[] = [];
    channel.port1.on('message', (m: WorkerToMain) => {
      early.push(m);
      if (m.type === 'ready') channel.port1.postMessage({ type: 'stop' });
    });
    const stopped = await loadWorker({ spec: s, worker: 0, workers: 1, connections: 2, port: channel.port2 });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped.buckets).toBe(0);
    expect(early.map((m) => m.type)).toEqual(['ready', 'done']);
  });
});
