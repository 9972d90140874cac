/**
 * The admin API: a request listener for its own loopback-only server. Admin requests are never origin arrivals.
 *
 *   GET  /stats   -> BackendStats
 *   GET  /config  -> BackendOptions (current)
 *   POST /config  {RuntimeConfig} -> new BackendOptions; 400 naming each bad field
 *   POST /reset   -> zero counters and series (config untouched)
 *   POST /pause   {} | {"ms": N} -> freeze the origin until /resume or N ms
 *   POST /resume
 * Errors are JSON: `{"error": {"code", "message", "problems"?: [{path, message}]}}`.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isLoopbackAddress } from '@stampede/validation';
import { BackendOptionsError } from './errors.js';
import { validatePauseRequest, type BackendOptions } from './options.js';
import type { BackendStats } from './stats.js';

/** What the admin API drives; the backend implements it. */
export interface AdminTarget {
  stats(): BackendStats;
  config(): BackendOptions;
  configure(patch: unknown): BackendOptions;
  reset(): void;
  pause(ms?: number): void;
  resume(): void;
  pauseState(): { paused: boolean; resumeAt: number | null };
}

const MAX_BODY_BYTES = 64 * 1024;

type Method = 'GET' | 'POST';
type Handler = (target: AdminTarget, body: unknown) => [status: number, payload: unknown];

const routes = new Map<string, Partial<Record<Method, Handler>>>([
  ['/stats', { GET: (t) => [200, t.stats()] }],
  ['/config', { GET: (t) => [200, t.config()], POST: (t, body) => [200, t.configure(body ?? {})] }],
  [
    '/reset',
    {
      POST: (t) => {
        t.reset();
        return [200, { ok: true }];
      },
    },
  ],
  [
    '/pause',
    {
      POST: (t, body) => {
        t.pause(validatePauseRequest(body ?? {}).ms);
        return [200, t.pauseState()];
      },
    },
  ],
  [
    '/resume',
    {
      POST: (t) => {
        t.resume();
        return [200, t.pauseState()];
      },
    },
  ],
]);

/**
 * @param isAllowedPeer which peers may use the API (by `socket.remoteAddress`); loopback only unless a test says
 * otherwise
 */
export function createAdminHandler(
  target: AdminTarget,
  isAllowedPeer: (address: string | undefined) => boolean = isLoopbackAddress,
): RequestListener {
  return (req, res) => {
    if (!isAllowedPeer(req.socket.remoteAddress)) {
      sendError(res, 403, 'STAMPEDE_ADMIN_FORBIDDEN', 'the admin API answers loopback clients only');
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const route = routes.get(path);
    if (route === undefined) {
      sendError(res, 404, 'STAMPEDE_ADMIN_NOT_FOUND', `no admin endpoint ${path}`);
      return;
    }
    const handler = req.method === 'GET' || req.method === 'POST' ? route[req.method] : undefined;
    if (handler === undefined) {
      const allow = Object.keys(route).join(', ');
      res.setHeader('allow', allow);
      sendError(res, 405, 'STAMPEDE_ADMIN_METHOD', `${path} takes ${allow}`);
      return;
    }
    readJson(req, res, (body) => {
      try {
        const [status, payload] = handler(target, body);
        sendJson(res, status, payload);
      } catch (err) {
        if (err instanceof BackendOptionsError) {
          sendJson(res, 400, { error: { code: err.code, message: err.message, problems: err.problems } });
        } else {
          sendError(res, 500, 'STAMPEDE_ADMIN_INTERNAL', (err as Error)?.message ?? String(err));
        }
      }
    });
  };
}

/** Collect a small JSON body; an empty body is `undefined`. Answers 400/413 itself when the body is unusable. */
function readJson(req: IncomingMessage, res: ServerResponse, then: (body: unknown) => void): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    if (failed) return;
    bytes += chunk.length;
    if (bytes > MAX_BODY_BYTES) {
      failed = true;
      res.setHeader('connection', 'close');
      sendError(res, 413, 'STAMPEDE_ADMIN_BODY_TOO_LARGE', `admin request bodies are limited to ${MAX_BODY_BYTES} bytes`);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (failed) return;
    const text = Buffer.concat(chunks).toString('utf8').trim();
    if (text === '') {
      then(undefined);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      sendError(res, 400, 'STAMPEDE_ADMIN_BAD_JSON', `request body is not JSON: ${(err as Error).message}`);
      return;
    }
    then(body);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = Buffer.from(`${JSON.stringify(payload)}\n`);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'no-store',
  });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}
