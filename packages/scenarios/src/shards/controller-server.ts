/**
 * The controller's HTTP endpoint for shards (shard-protocol.ts): routing and JSON only; what the messages mean is
 * the sharded run's (sharded-run.ts). Listens on loopback unless told a host (the kubernetes engine, whose pods
 * reach the controller over the network).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { epochNow } from '@stampede/loadgen';
import type { BarrierAnswer, ShardBucket, ShardFailed, ShardReady, ShardResult } from './shard-protocol.js';

export interface ControllerHandlers {
  ready(message: ShardReady): Promise<BarrierAnswer>;
  /** resolves when the load is to stop */
  stopped(index: number): Promise<void>;
  bucket(message: ShardBucket): void;
  result(message: ShardResult): void;
  failed(message: ShardFailed): void;
}

/** a result can hold thousands of buckets with histograms; anything larger is not ours */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface ControllerServer {
  /** http://host:port as the shards should be told, with the port the server got */
  readonly url: string;
  close(): Promise<void>;
}

export async function startControllerServer(
  runId: string,
  handlers: ControllerHandlers,
  listen: { host: string; port: number } = { host: '127.0.0.1', port: 0 },
): Promise<ControllerServer> {
  const server: Server = createServer((req, res) => {
    route(runId, handlers, req, res).catch((err: unknown) => send(res, 500, { error: (err as Error).message }));
  });
  server.keepAliveTimeout = 60_000;
  server.requestTimeout = 0; // long polls wait as long as the run does
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(runId: string, h: ControllerHandlers, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://controller');
  if (req.method === 'GET' && url.pathname === '/time') return send(res, 200, { t: epochNow() });
  if (req.method === 'GET' && url.pathname === '/stop') {
    const index = Number(url.searchParams.get('index'));
    await h.stopped(index);
    return send(res, 200, { stop: true });
  }
  if (req.method !== 'POST') return send(res, 404, { error: `no ${req.method} ${url.pathname}` });
  const body = (await readJson(req)) as { runId?: unknown; index?: unknown };
  if (body.runId !== runId) return send(res, 409, { error: `this controller runs ${runId}, not ${String(body.runId)}` });
  if (typeof body.index !== 'number') return send(res, 400, { error: 'index missing' });
  switch (url.pathname) {
    case '/ready':
      return send(res, 200, await h.ready(body as ShardReady));
    case '/bucket':
      h.bucket(body as ShardBucket);
      return send(res, 200, { ok: true });
    case '/result':
      h.result(body as ShardResult);
      return send(res, 200, { ok: true });
    case '/failed':
      h.failed(body as ShardFailed);
      return send(res, 200, { ok: true });
    default:
      return send(res, 404, { error: `no POST ${url.pathname}` });
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
