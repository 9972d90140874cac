/**
 * The per-request undici dispatch handler: a small object with prototype methods (no closures per
 * request). It uses undici's raw handler interface (onConnect/onHeaders/onData/onComplete/onError),
 * which undici calls directly; the newer controller interface is wrapped by an adapter that parses
 * every response's headers into an object, which we do not need. Bodies are counted, never buffered.
 */
import { classifyCacheBytes, type CacheOutcome } from './cache-outcome.js';
import { epochNow } from './clock.js';
import { findRawHeader } from './raw-header.js';

/** Where a handler reports its end. Implemented by the worker's runner. */
export interface RequestSink {
  readonly cacheHeader: Uint8Array;
  /** response body bytes received (counted, never buffered) */
  bodyBytes: number;
  onResponse(request: RequestHandler, completedAt: number): void;
  onFailure(request: RequestHandler, error: Error, completedAt: number): void;
}

export class RequestHandler {
  /** epoch ms when undici wrote the request to a socket */
  sentAt = 0;
  statusCode = 0;
  cache: CacheOutcome = 'unknown';

  constructor(
    readonly sink: RequestSink,
    /** epoch ms the schedule intended this request for (for a retry: its first attempt's intended time) */
    readonly intendedAt: number,
    /** key index (a retry asks for the same key) */
    readonly key = 0,
    /** 1 for the first attempt, 2 for the first retry, ... */
    readonly attempt = 1,
  ) {}

  onConnect(): void {
    this.sentAt = epochNow();
  }

  onHeaders(statusCode: number, rawHeaders: Uint8Array[]): boolean {
    // 1xx informational responses come before the final one
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    const value = findRawHeader(rawHeaders, this.sink.cacheHeader);
    this.cache = value === undefined ? 'unknown' : classifyCacheBytes(value);
    return true;
  }

  onData(chunk: Uint8Array): boolean {
    this.sink.bodyBytes += chunk.length;
    return true;
  }

  onComplete(): void {
    this.sink.onResponse(this, epochNow());
  }

  onError(error: Error): void {
    this.sink.onFailure(this, error, epochNow());
  }
}
