/**
 * How the embedded cache knows which responses came from the origin. The proxy puts a RequestTag on each
 * dispatch (a symbol-keyed field: undici's interceptors copy the options object with spread, which keeps
 * symbols); this interceptor, innermost in the chain, sees exactly the dispatches that reach the network:
 * - before the client's response started: a foreground fetch (the response is a MISS, or REVALIDATED on 304);
 * - after it (stale-while-revalidate served the client first): a background fetch.
 * A request deduplicated onto another's fetch never gets here: its tag stays untouched (a coalesced hit).
 */
import type { Dispatcher } from 'undici';
import type { EmbeddedCounters } from './counters.js';

export const REQUEST_TAG: unique symbol = Symbol('stampede.requestTag');

export interface RequestTag {
  /** a foreground origin fetch was made for this request */
  reachedOrigin: boolean;
  /** the origin's status for that fetch (304 = revalidated a stored response) */
  originStatus: number | undefined;
  /** the client's response has started; later origin fetches are background refreshes */
  responded: boolean;
}

export function newRequestTag(): RequestTag {
  return { reachedOrigin: false, originStatus: undefined, responded: false };
}

type TaggedOptions = Dispatcher.DispatchOptions & { [REQUEST_TAG]?: RequestTag };

export function originTap(counters: EmbeddedCounters): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const { [REQUEST_TAG]: tag, ...rest } = opts as TaggedOptions;
    counters.originFetches += 1;
    const foreground = tag !== undefined && !tag.responded;
    if (foreground) tag.reachedOrigin = true;
    else counters.backgroundFetches += 1;
    return dispatch(rest, new TapHandler(handler, foreground ? tag : undefined, counters));
  };
}

class TapHandler implements Dispatcher.DispatchHandler {
  readonly #next: Dispatcher.DispatchHandler;
  readonly #tag: RequestTag | undefined;
  readonly #counters: EmbeddedCounters;

  constructor(next: Dispatcher.DispatchHandler, tag: RequestTag | undefined, counters: EmbeddedCounters) {
    this.#next = next;
    this.#tag = tag;
    this.#counters = counters;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.#next.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    socket: import('node:stream').Duplex,
  ): void {
    this.#next.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    if (this.#tag !== undefined) this.#tag.originStatus = statusCode;
    this.#next.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#next.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: Record<string, string | string[] | undefined>): void {
    this.#next.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController | undefined, error: Error): void {
    // undici calls this without a controller when the connection could not be made.
    // A client that went away aborts its fetch: not the origin's fault.
    if (controller?.aborted !== true) this.#counters.originErrors += 1;
    this.#next.onResponseError?.(controller as Dispatcher.DispatchController, error);
  }
}
