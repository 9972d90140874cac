/**
 * One shard process: reads the contract from its environment, syncs its clock with the controller (NTP-style),
 * waits at the start barrier, sends its share of the load from the common start instant on the controller's
 * clock, streams each interval to the controller, stops when the controller says so (or when the controller is
 * gone), and delivers its result: over HTTP, as its last stdout line (`STAMPEDE_SHARD_RESULT {...}`, for
 * `kubectl logs` and `stampede merge`) and to a file when asked.
 *
 * Without a controller (STAMPEDE_START_AT), the shard starts at that instant on its own clock and only writes
 * its result: the shards' clocks are then trusted (offset 0), and `stampede merge` joins the files.
 */
import { writeFile } from 'node:fs/promises';
import { request } from 'undici';
import { correctClock, epochNow, startLoad, type LoadResult, type LoadRun } from '@stampede/loadgen';
import { clockOffset, type ClockOffset, type SyncSample } from './clock-sync.js';
import type { ShardEnv } from './shard-env.js';
import { SHARD_RESULT_LINE } from './shard-env.js';
import { SHARD_RESULT_SCHEMA, type BarrierAnswer, type ShardResult } from './shard-protocol.js';
import { shardShare } from './shard-share.js';

export interface ShardIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  signal: AbortSignal;
}

/** round trips for the clock sync: the best of them is used */
const SYNC_SAMPLES = 8;

/** Exit codes of a shard: 0 delivered; 3 the controller refused or aborted the start; 70 nothing could be measured. */
export async function runShard(env: ShardEnv, io: ShardIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`[shard ${env.index}/${env.shards}] ${line}\n`);
  // fault injection: a clock that runs off (the sync below measures and corrects it)
  if (env.injectClockSkewMs !== 0) correctClock(env.injectClockSkewMs);
  const controller = env.controllerUrl !== undefined ? new ControllerClient(env.controllerUrl, env.runId, env.index) : undefined;

  let sync: ClockOffset = { offsetMs: 0, rttMs: 0, samples: 0 };
  let startAt: number;
  const intervalMs = env.load.intervalMs ?? 1000;
  if (controller) {
    sync = await controller.syncClock();
    const answer = await controller.ready(sync);
    if ('abort' in answer) {
      say(`not starting: ${answer.abort}`);
      return 3;
    }
    startAt = answer.startAt;
  } else {
    startAt = Math.ceil((env.startAt as number) / intervalMs) * intervalMs;
  }
  const clockOffsetMs = env.injectClockSkewMs + sync.offsetMs;
  say(`clock offset ${sync.offsetMs.toFixed(2)} ms (rtt ${sync.rttMs.toFixed(2)} ms); start at ${new Date(startAt).toISOString()}`);

  let run: LoadRun;
  try {
    run = startLoad(
      { ...shardShare(env.load, env.index, env.shards), clockOffsetMs, ...(env.allowRemote ? { allowRemote: true } : {}) },
      { startAt },
    );
  } catch (err) {
    await controller?.failed((err as Error).message);
    throw err;
  }
  const stop = () => run.stop();
  io.signal.addEventListener('abort', stop, { once: true });
  run.on('bucket', (bucket) => controller?.bucket(bucket));
  run.on('error', (err) => say(`load: ${err.message}`));
  run.once('started', ({ t0 }) => {
    if (env.injectKillAfterS !== undefined) {
      setTimeout(() => process.kill(process.pid, 'SIGKILL'), Math.max(0, t0 + env.injectKillAfterS * 1000 - epochNow())).unref();
    }
  });
  // the controller says stop, or is gone: either way this shard's load ends now
  controller?.whenStopped().then(stop, stop);

  let result: LoadResult;
  try {
    result = await run.done;
  } catch (err) {
    await controller?.failed((err as Error).message).catch(() => undefined);
    say(`failed: ${(err as Error).message}`);
    return 70;
  } finally {
    io.signal.removeEventListener('abort', stop);
  }
  const message: ShardResult = {
    schema: SHARD_RESULT_SCHEMA,
    runId: env.runId,
    index: env.index,
    shards: env.shards,
    clockOffsetMs: sync.offsetMs,
    rttMs: sync.rttMs,
    result,
  };
  const text = JSON.stringify(message);
  if (env.resultFile !== undefined) await writeFile(env.resultFile, text);
  if (controller) await controller.result(message);
  io.stdout.write(`${SHARD_RESULT_LINE}${text}\n`);
  say(`done: ${result.summary.requests} requests, ${result.summary.dropped} dropped, schedule lag p99 ${result.summary.generator.scheduleLagP99Ms} ms`);
  return 0;
}

/** The shard's side of shard-protocol.ts. Buckets go out in order, one at a time. */
class ControllerClient {
  readonly #url: string;
  readonly #hello: { runId: string; index: number };
  #chain: Promise<unknown> = Promise.resolve();

  constructor(url: string, runId: string, index: number) {
    this.#url = url.replace(/\/$/, '');
    this.#hello = { runId, index };
  }

  async syncClock(): Promise<ClockOffset> {
    const samples: SyncSample[] = [];
    for (let i = 0; i < SYNC_SAMPLES; i++) {
      const t1 = epochNow();
      const { t } = (await this.#call('GET', '/time')) as { t: number };
      samples.push({ t1, t2: t, t4: epochNow() });
    }
    return clockOffset(samples);
  }

  ready(sync: ClockOffset): Promise<BarrierAnswer> {
    return this.#call('POST', '/ready', { ...this.#hello, offsetMs: sync.offsetMs, rttMs: sync.rttMs }) as Promise<BarrierAnswer>;
  }

  whenStopped(): Promise<unknown> {
    return this.#call('GET', `/stop?index=${this.#hello.index}`);
  }

  bucket(bucket: unknown): void {
    this.#chain = this.#chain.then(() => this.#call('POST', '/bucket', { ...this.#hello, bucket })).catch(() => undefined);
  }

  result(message: ShardResult): Promise<unknown> {
    return (this.#chain = this.#chain.then(() => this.#call('POST', '/result', message)));
  }

  failed(error: string): Promise<unknown> {
    return this.#call('POST', '/failed', { ...this.#hello, error });
  }

  async #call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await request(`${this.#url}${path}`, {
      method,
      headersTimeout: 0,
      bodyTimeout: 0,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const json = (await res.body.json()) as { error?: string };
    if (res.statusCode >= 400) throw new Error(`controller ${method} ${path}: ${res.statusCode} ${json.error ?? ''}`);
    return json;
  }
}
