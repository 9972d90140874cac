/**
 * The embedded cache's front: a node:http reverse proxy whose upstream is an undici dispatcher (the cache chain).
 * Streams bodies both ways with backpressure, forwards status and end-to-end headers, adds the outcome header,
 * answers 502 when the origin cannot be reached. The dispatcher is read per request, so the adapter can swap it
 * (reloadConfig, restart) without dropping the listening socket.
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { EmbeddedCounters } from './counters.js';
import { newRequestTag, REQUEST_TAG, type RequestTag } from './origin-tap.js';
import { classifyEmbeddedResponse } from './outcome.js';

export interface ProxyOptions {
  originUrl: string;
  cacheHeader: string;
  dispatcher: () => Dispatcher;
  counters: EmbeddedCounters;
}

/** RFC 9110 §7.6.1 connection-specific fields, plus Host (the dispatcher sets the origin's). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export function endToEndHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  extraDrop: readonly string[] = [],
): Record<string, string | string[]> {
  const drop = new Set([...HOP_BY_HOP, ...extraDrop]);
  const connection = headers['connection'];
  for (const token of (Array.isArray(connection) ? connection.join(',') : (connection ?? '')).split(',')) {
    if (token.trim() !== '') drop.add(token.trim().toLowerCase());
  }
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !drop.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

export function createProxyServer(options: ProxyOptions): Server {
  const server = createServer((req, res) => handle(options, req, res));
  // Load generators keep connections open between requests; do not close them under a slow origin.
  server.keepAliveTimeout = 30_000;
  return server;
}

function handle(options: ProxyOptions, req: IncomingMessage, res: ServerResponse): void {
  const { counters } = options;
  counters.requests += 1;
  const method = req.method ?? 'GET';
  const tag = newRequestTag();
  const hasBody =
    method !== 'GET' &&
    method !== 'HEAD' &&
    (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0');
  const opts = {
    origin: options.originUrl,
    path: req.url ?? '/',
    method: method as Dispatcher.HttpMethod,
    headers: endToEndHeaders(req.headers, ['host', 'expect']),
    body: hasBody ? req : null,
    [REQUEST_TAG]: tag,
  };
  const handler = new ProxyHandler(options, method, tag, res);
  res.on('close', () => handler.clientClosed());
  try {
    options.dispatcher().dispatch(opts as Dispatcher.DispatchOptions, handler);
  } catch (err) {
    handler.onResponseError(undefined, err as Error);
  }
}

class ProxyHandler implements Dispatcher.DispatchHandler {
  readonly #options: ProxyOptions;
  readonly #method: string;
  readonly #tag: RequestTag;
  readonly #res: ServerResponse;
  #controller: Dispatcher.DispatchController | undefined;
  #done = false;

  constructor(options: ProxyOptions, method: string, tag: RequestTag, res: ServerResponse) {
    this.#options = options;
    this.#method = method;
    this.#tag = tag;
    this.#res = res;
  }

  clientClosed(): void {
    if (!this.#done && !this.#res.writableFinished) {
      this.#done = true;
      this.#controller?.abort(new Error('client closed the connection'));
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#done) controller.abort(new Error('client closed the connection'));
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    this.#controller = controller;
    this.#tag.responded = true;
    const { outcome, coalesced } = classifyEmbeddedResponse({ method: this.#method, tag: this.#tag, statusCode, headers });
    const c = this.#options.counters;
    if (outcome === 'HIT') c.hit += 1;
    else if (outcome === 'MISS') c.miss += 1;
    else if (outcome === 'STALE') c.stale += 1;
    else if (outcome === 'PASS') c.pass += 1;
    else c.revalidated += 1;
    if (coalesced) c.coalesced += 1;
    if (this.#done) return;
    const out: OutgoingHttpHeaders = endToEndHeaders(headers);
    out[this.#options.cacheHeader] = outcome;
    this.#res.writeHead(statusCode, statusMessage === undefined || statusMessage === '' ? undefined : statusMessage, out);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#done) return;
    if (!this.#res.write(chunk)) {
      controller.pause();
      this.#res.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    if (this.#done) return;
    this.#done = true;
    this.#res.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.#done) return;
    this.#done = true;
    const res = this.#res;
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    this.#tag.responded = true;
    this.#options.counters.responses502 += 1;
    if (this.#method === 'GET') this.#options.counters.miss += 1;
    else this.#options.counters.pass += 1;
    const body = `502 Bad Gateway: origin ${this.#options.originUrl} unreachable: ${error.message}\n`;
    res.writeHead(502, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      [this.#options.cacheHeader]: this.#method === 'GET' ? 'MISS' : 'PASS',
    });
    res.end(body);
  }
}
