import { request } from 'node:http';
import { describe, expect, test } from 'vitest';
import { contentBody } from './content-body.js';
import { BackendOptionsError, PortInUseError } from './errors.js';
import { HEALTH_PATH } from './health.js';
import type { BackendOptionsInput } from './options.js';
import { startBackend, type Backend } from './start-backend.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until `check` holds (a state the server reaches, not a speed); fails after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

interface Seen {
  status: number;
  headers: Headers;
  body: string;
  /** completion order across the requests of one test */
  order: number;
  elapsedMs: number;
}

/** Fire a request; the promise carries what the client saw. */
function makeClient() {
  let done = 0;
  return async (url: string, init?: RequestInit): Promise<Seen> => {
    const t0 = performance.now();
    const res = await fetch(url, init);
    const body = await res.text();
    return { status: res.status, headers: res.headers, body, order: done++, elapsedMs: performance.now() - t0 };
  };
}

const constant = (ms: number) => ({ kind: 'constant', ms }) as const;

async function admin(b: Backend, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${b.adminUrl}${path}`, {
    method: body === undefined && (path === '/stats' || path === '/config') ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function start(options: BackendOptionsInput): Promise<Backend> {
  return startBackend({ serviceTime: constant(1), ...options });
}

describe('content', () => {
  test('deterministic bodies of bodyBytes with caching, version and timing headers', async () => {
    await using b = await start({ bodyBytes: 100 });
    await using other = await start({ bodyBytes: 100, seed: 99 });
    expect(b.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(b.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(b.adminUrl).not.toBe(b.url);
    const client = makeClient();
    const before = Date.now();
    const first = await client(`${b.url}/items/abc`);
    const after = Date.now();
    const again = await client(`${b.url}/items/abc`);
    const elsewhere = await client(`${other.url}/items/abc`);

    expect(first.status).toBe(200);
    expect(first.body).toBe(contentBody('abc', 1, 100).toString());
    expect(again.body).toBe(first.body);
    expect(elsewhere.body).toBe(first.body); // the seed shapes timing, never content
    expect((await client(`${b.url}/items/abd`)).body).not.toBe(first.body);
    expect(headerRecord(first.headers)).toMatchObject({
      'cache-control': 'public, max-age=60',
      etag: '"abc-v1"',
      'x-content-version': '1',
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '100',
    });
    const servedAt = Number(first.headers.get('x-origin-served-at'));
    expect(servedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(servedAt).toBeLessThanOrEqual(after + 1000);
  });

  test('HEAD has the headers and no body; If-None-Match on the ETag gives 304', async () => {
    await using b = await start({ bodyBytes: 64 });
    const client = makeClient();
    const head = await client(`${b.url}/items/k`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('64');
    expect(head.body).toBe('');
    const notModified = await client(`${b.url}/items/k`, { headers: { 'if-none-match': '"k-v1"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe('"k-v1"');
    // a 304 still takes a service slot: it is served work
    expect(b.stats().totals).toMatchObject({ arrivals: 2, served: 2 });
  });

  test('TTL jitter is per response and follows the seed', async () => {
    const maxAges = async (seed: number) => {
      await using b = await start({ ttlS: 100, ttlJitterPct: 30, seed });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${b.url}/items/k${i}`);
        await res.arrayBuffer();
        out.push(Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1]));
      }
      return out;
    };
    const a = await maxAges(7);
    expect(new Set(a).size).toBeGreaterThan(1);
    for (const v of a) expect(v >= 70 && v <= 130).toBe(true);
    expect(await maxAges(7)).toEqual(a);
  });

  test('any other path is a 404 served through a slot, and counts as an arrival', async () => {
    await using b = await start({});
    const client = makeClient();
    const res = await client(`${b.url}/nope`);
    expect(res.status).toBe(404);
    expect((await client(`${b.url}/items/k`, { method: 'POST', body: 'x' })).status).toBe(405);
    expect(b.stats().totals).toMatchObject({ arrivals: 2, served: 2, rejected503: 0 });
  });
});

describe('capacity', () => {
  test('concurrency 2 + queue 2: of 10 concurrent requests 4 are served and 6 get 503 at once', async () => {
    await using b = await start({ concurrency: 2, queue: 2, queueTimeoutMs: 10_000, serviceTime: constant(200), retryAfterS: 3 });
    const client = makeClient();
    const seen = await Promise.all(Array.from({ length: 10 }, (_, i) => client(`${b.url}/items/k${i}`)));

    const ok = seen.filter((s) => s.status === 200);
    const rejected = seen.filter((s) => s.status === 503);
    expect(ok).toHaveLength(4);
    expect(rejected).toHaveLength(6);
    for (const r of rejected) {
      expect(r.headers.get('retry-after')).toBe('3');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-origin-reject')).toBe('queue-full');
      expect(r.body).toBe('overloaded\n');
    }
    // the rejections did not wait for service: every 503 came back before the first 200
    expect(Math.max(...rejected.map((r) => r.order))).toBeLessThan(Math.min(...ok.map((r) => r.order)));

    const stats = b.stats();
    expect(stats.totals).toEqual({
      arrivals: 10,
      served: 4,
      rejected503: 6,
      rejectedQueueFull: 6,
      rejectedQueueTimeout: 0,
      abandoned: 0,
      maxInflight: 2,
      maxQueue: 2,
      probes: 0,
    });
    expect(stats.inflight).toBe(0);
    expect(stats.queue).toBe(0);
    const sum = (k: 'arrivals' | 'served' | 'rejected503') => stats.series.reduce((a, s) => a + s[k], 0);
    expect([sum('arrivals'), sum('served'), sum('rejected503')]).toEqual([10, 4, 6]);
    expect(Math.max(...stats.series.map((s) => s.maxInflight))).toBe(2);
    expect(Math.max(...stats.series.map((s) => s.maxQueue))).toBe(2);
  });

  test('far past capacity (200 at once against 1 slot + 2 places) the queue stays bounded and every request is accounted for', async () => {
    await using b = await start({ concurrency: 1, queue: 2, queueTimeoutMs: 10_000, serviceTime: constant(50) });
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => fetch(`${b.url}/items/k${i % 7}`).then(async (r) => (await r.arrayBuffer(), r.status))),
    );
    const served = statuses.filter((s) => s === 200).length;
    expect(served + statuses.filter((s) => s === 503).length).toBe(200);
    expect(served).toBeGreaterThanOrEqual(3);
    const { totals } = b.stats();
    expect(totals).toMatchObject({ arrivals: 200, served, rejected503: 200 - served, abandoned: 0, maxInflight: 1, maxQueue: 2 });
  });

  test('a request waiting past queueTimeoutMs gets 503 (queue-timeout); the slot holder is still served', async () => {
    await using b = await start({ concurrency: 1, queue: 5, queueTimeoutMs: 100, serviceTime: constant(400) });
    const client = makeClient();
    const holder = client(`${b.url}/items/a`);
    await until(() => b.stats().inflight === 1, 'the slot to be taken');
    const waiters = await Promise.all([client(`${b.url}/items/b`), client(`${b.url}/items/c`)]);
    for (const w of waiters) {
      expect(w.status).toBe(503);
      expect(w.headers.get('x-origin-reject')).toBe('queue-timeout');
      expect(w.headers.get('retry-after')).toBe('1');
      expect(w.elapsedMs).toBeGreaterThanOrEqual(99); // it did wait its turn first
    }
    expect((await holder).status).toBe(200);
    expect(b.stats().totals).toMatchObject({ arrivals: 3, served: 1, rejected503: 2, rejectedQueueTimeout: 2, maxQueue: 2 });
  });

  test('a client that disconnects while queued leaves the queue and is not served', async () => {
    await using b = await start({ concurrency: 1, queue: 5, queueTimeoutMs: 10_000, serviceTime: constant(300) });
    const holder = fetch(`${b.url}/items/a`).then((r) => r.status);
    await until(() => b.stats().inflight === 1, 'the slot to be taken');
    const req = request(`${b.url}/items/b`);
    req.on('error', () => {});
    req.end();
    await until(() => b.stats().queue === 1, 'the second request to queue');
    req.destroy();
    await until(() => b.stats().totals.abandoned === 1, 'the abandoned request to be counted');
    expect(b.stats().queue).toBe(0);
    expect(await holder).toBe(200);
    expect(b.stats().totals).toMatchObject({ arrivals: 2, served: 1, rejected503: 0, abandoned: 1 });
  });

  test('serveAbandoned: a client that disconnects while queued is still served, holding a slot in vain', async () => {
    await using b = await start({ concurrency: 1, queue: 5, queueTimeoutMs: 10_000, serviceTime: constant(200), serveAbandoned: true });
    const holder = fetch(`${b.url}/items/a`).then((r) => r.status);
    await until(() => b.stats().inflight === 1, 'the slot to be taken');
    const req = request(`${b.url}/items/b`);
    req.on('error', () => {});
    req.end();
    await until(() => b.stats().queue === 1, 'the second request to queue');
    req.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(b.stats().queue).toBe(1); // still waiting: the server did not notice
    expect(await holder).toBe(200);
    await until(() => b.stats().totals.abandoned === 1, 'the dead request to be served and counted abandoned');
    expect(b.stats().totals).toMatchObject({ arrivals: 2, served: 1, rejected503: 0, abandoned: 1 });
  });

  test('the health path is answered 200 at once with slots, queue full and paused, counted as a probe, never an arrival', async () => {
    await using b = await start({ concurrency: 1, queue: 1, queueTimeoutMs: 10_000, serviceTime: constant(300) });
    const client = makeClient();
    const holder = client(`${b.url}/items/a`);
    const waiter = client(`${b.url}/items/b`);
    await until(() => b.stats().queue === 1, 'the slot and the queue to fill');
    b.pause();
    const probes = await Promise.all([client(`${b.url}${HEALTH_PATH}`), client(`${b.url}${HEALTH_PATH}?x=1`, { method: 'HEAD' })]);
    expect(probes.map((p) => [p.status, p.headers.get('cache-control')])).toEqual([[200, 'no-store'], [200, 'no-store']]);
    expect(probes.map((p) => p.body)).toEqual(['ok\n', '']);
    expect(probes.every((p) => p.elapsedMs < 250)).toBe(true); // not behind the 300 ms slot holder nor the pause
    const t = b.stats().totals;
    expect(t).toMatchObject({ arrivals: 2, probes: 2, served: 0 });
    expect(t.arrivals).toBe(t.served + t.rejected503 + t.abandoned + b.stats().inflight + b.stats().queue);
    b.resume();
    expect([(await holder).status, (await waiter).status]).toEqual([200, 200]);
    expect(b.stats().totals).toMatchObject({ arrivals: 2, served: 2, probes: 2 });
  });
});

describe('run-time config', () => {
  test('POST /config changes TTL, stale-while-revalidate and content version for the next responses', async () => {
    await using b = await start({ bodyBytes: 40 });
    const before = await fetch(`${b.url}/items/k`);
    expect(before.headers.get('cache-control')).toBe('public, max-age=60');
    const v1 = await before.text();

    const res = await admin(b, '/config', { ttlS: 5, staleWhileRevalidateS: 30, contentVersion: 2 });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ttlS: 5, staleWhileRevalidateS: 30, contentVersion: 2, concurrency: 32 });

    const after = await fetch(`${b.url}/items/k`);
    expect(after.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(after.headers.get('etag')).toBe('"k-v2"');
    expect(after.headers.get('x-content-version')).toBe('2');
    const v2 = await after.text();
    expect(v2).toBe(contentBody('k', 2, 40).toString());
    expect(v2).not.toBe(v1);
    expect(b.stats().config.ttlS).toBe(5);
    // admin requests are not origin arrivals
    expect(b.stats().totals.arrivals).toBe(2);
  });

  test('raising concurrency starts queued requests at once', async () => {
    await using b = await start({ concurrency: 1, queue: 10, queueTimeoutMs: 10_000, serviceTime: constant(300) });
    const all = Promise.all(Array.from({ length: 4 }, (_, i) => fetch(`${b.url}/items/k${i}`).then((r) => r.status)));
    await until(() => b.stats().inflight === 1 && b.stats().queue === 3, 'one in service, three waiting');
    expect((await admin(b, '/config', { concurrency: 4 })).status).toBe(200);
    expect(b.stats()).toMatchObject({ inflight: 4, queue: 0 });
    expect(await all).toEqual([200, 200, 200, 200]);
  });

  test('a bad value is a 400 naming the field, and nothing is applied', async () => {
    await using b = await start({});
    const res = await admin(b, '/config', { concurrency: 0, ttlS: 5, port: 1 });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('STAMPEDE_BACKEND_OPTIONS');
    expect(res.json.error.problems.map((p: { path: string }) => p.path)).toEqual(['concurrency', 'port']);
    expect(res.json.error.message).toContain('concurrency must be an integer >= 1 (got 0)');
    expect(b.config().ttlS).toBe(60);
    expect(() => b.configure({ queue: -1 })).toThrow(BackendOptionsError);
    expect(b.configure({ queue: 3 }).queue).toBe(3);
  });
});

describe('pause and resume', () => {
  test('requests are held during the pause and served after /resume', async () => {
    await using b = await start({ concurrency: 2, queue: 10, queueTimeoutMs: 10_000, serviceTime: constant(10) });
    expect((await admin(b, '/pause', {})).json).toEqual({ paused: true, resumeAt: null });
    let finished = 0;
    const all = Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        fetch(`${b.url}/items/k${i}`).then((r) => {
          finished += 1;
          return r.status;
        }),
      ),
    );
    await until(() => b.stats().queue === 3, 'three requests waiting');
    await sleep(60);
    expect(finished).toBe(0);
    expect(b.stats()).toMatchObject({ inflight: 0, paused: true });
    expect((await admin(b, '/resume')).json).toEqual({ paused: false, resumeAt: null });
    expect(await all).toEqual([200, 200, 200]);
    expect(b.stats().paused).toBe(false);
  });

  test('a request in service when the origin freezes completes only after resume', async () => {
    await using b = await start({ concurrency: 1, serviceTime: constant(40) });
    let finished = false;
    const one = fetch(`${b.url}/items/k`).then((r) => {
      finished = true;
      return r.status;
    });
    await until(() => b.stats().inflight === 1, 'the request to be in service');
    b.pause();
    await sleep(150);
    expect(finished).toBe(false);
    expect(b.stats().inflight).toBe(1);
    b.resume();
    expect(await one).toBe(200);
    expect(b.stats()).toMatchObject({ inflight: 0, totals: { served: 1 } });
  });

  test('a timed pause ends by itself; waiters past their timeout still get 503; a full queue still rejects', async () => {
    await using b = await start({ concurrency: 1, queue: 1, queueTimeoutMs: 80, serviceTime: constant(1) });
    const paused = await admin(b, '/pause', { ms: 400 });
    expect(paused.json.paused).toBe(true);
    expect(typeof paused.json.resumeAt).toBe('number');
    const client = makeClient();
    const waiting = client(`${b.url}/items/a`);
    await until(() => b.stats().queue === 1, 'the first request to wait');
    const full = await client(`${b.url}/items/b`);
    const timedOut = await waiting;
    expect([timedOut.status, full.status]).toEqual([503, 503]);
    expect(full.headers.get('x-origin-reject')).toBe('queue-full');
    expect(timedOut.headers.get('x-origin-reject')).toBe('queue-timeout');
    await until(() => !b.stats().paused, 'the pause to end');
    expect((await client(`${b.url}/items/c`)).status).toBe(200);
    expect(b.stats().totals).toMatchObject({ arrivals: 3, served: 1, rejectedQueueFull: 1, rejectedQueueTimeout: 1 });
  });

  test('a bad pause duration is a 400', async () => {
    await using b = await start({});
    const res = await admin(b, '/pause', { ms: -1 });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('ms must be an integer');
    expect(b.stats().paused).toBe(false);
    expect(() => b.pause(-1)).toThrow(BackendOptionsError);
  });
});

describe('stats', () => {
  test('POST /reset clears counters and series, not config', async () => {
    await using b = await start({ ttlS: 7 });
    for (const k of ['a', 'b', 'c']) await (await fetch(`${b.url}/items/${k}`)).arrayBuffer();
    expect(b.stats().totals.arrivals).toBe(3);
    expect((await admin(b, '/reset')).json).toEqual({ ok: true });
    const stats = (await admin(b, '/stats')).json;
    expect(stats.totals).toMatchObject({ arrivals: 0, served: 0, rejected503: 0, maxInflight: 0 });
    expect(stats.series).toHaveLength(1);
    expect(stats.series[0]).toMatchObject({ arrivals: 0, served: 0 });
    expect(stats.config.ttlS).toBe(7);
    expect(stats.countingSince).toBeGreaterThanOrEqual(stats.startedAt);
    await (await fetch(`${b.url}/items/a`)).arrayBuffer();
    expect(b.stats().totals.arrivals).toBe(1);
  });

  test('GET /stats: an epoch-aligned series that adds up to the totals', async () => {
    await using b = await start({ intervalMs: 100 });
    for (let i = 0; i < 3; i++) {
      await (await fetch(`${b.url}/items/k`)).arrayBuffer();
      await sleep(120);
    }
    const stats = (await admin(b, '/stats')).json;
    expect(stats.intervalMs).toBe(100);
    expect(stats.series.length).toBeGreaterThanOrEqual(4);
    for (const bucket of stats.series) expect(bucket.t % 100).toBe(0);
    for (let i = 1; i < stats.series.length; i++) expect(stats.series[i].t - stats.series[i - 1].t).toBe(100);
    expect(stats.series.reduce((a: number, s: { arrivals: number }) => a + s.arrivals, 0)).toBe(3);
    expect(stats.totals.arrivals).toBe(3);
  });
});

describe('lifecycle', () => {
  test('a taken port is a PortInUseError naming the port and the option', async () => {
    await using first = await start({});
    const port = Number(new URL(first.url).port);
    const adminPort = Number(new URL(first.adminUrl).port);

    const origin = await startBackend({ port }).catch((e: unknown) => e);
    expect(origin).toBeInstanceOf(PortInUseError);
    expect((origin as PortInUseError).code).toBe('STAMPEDE_PORT_IN_USE');
    expect((origin as PortInUseError).message).toContain(`port ${port}`);
    expect((origin as PortInUseError).message).toContain('--port');
    expect((origin as PortInUseError).message).toContain('0');

    const adminErr = await startBackend({ adminPort }).catch((e: unknown) => e);
    expect(adminErr).toBeInstanceOf(PortInUseError);
    expect((adminErr as PortInUseError).option).toBe('adminPort');
    expect((adminErr as PortInUseError).message).toContain('--admin-port');
  });

  test('bad options are rejected before anything listens', async () => {
    await expect(startBackend({ concurrency: 0, queue: -1 })).rejects.toThrow(
      /concurrency must be an integer >= 1 \(got 0\)[\s\S]*queue must be an integer >= 0 \(got -1\)/,
    );
  });

  test('close() is idempotent, drops waiting requests and frees both ports', async () => {
    const b = await start({ concurrency: 1, queue: 5, queueTimeoutMs: 10_000, serviceTime: constant(5000) });
    const pending = [fetch(`${b.url}/items/a`), fetch(`${b.url}/items/b`)].map((p) => p.then((r) => r.status, () => 'error'));
    await until(() => b.stats().inflight === 1 && b.stats().queue === 1, 'one in service, one waiting');
    await Promise.all([b.close(), b.close()]);
    expect(await Promise.all(pending)).toEqual(['error', 'error']);
    await expect(fetch(`${b.url}/items/a`)).rejects.toThrow();
    await expect(fetch(`${b.adminUrl}/stats`)).rejects.toThrow();
    await b[Symbol.asyncDispose]();
  });
});

describe('origin down / up', () => {
  test('refuses connections while down and serves again on the same port after up', async () => {
    await using backend = await startBackend({ serviceTime: { kind: 'constant', ms: 1 } });
    const before = await fetch(`${backend.url}/items/k1`);
    expect(before.status).toBe(200);
    await before.arrayBuffer();
    await backend.down();
    await expect(fetch(`${backend.url}/items/k1`)).rejects.toThrow();
    await backend.up();
    const after = await fetch(`${backend.url}/items/k1`);
    expect(after.status).toBe(200);
    await after.arrayBuffer();
    expect(backend.stats().totals.served).toBe(2);
  });
});

/** a Headers as a plain record (Headers' iterator is not in every lib setting this file is checked with) */
function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
