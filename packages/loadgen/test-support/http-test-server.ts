/**
 * A tiny real HTTP server for loadgen's tests, on 127.0.0.1:0 (no HTTP mocks). Counts the requests it
 * receives (ground truth for reconciliation) and closes every connection on close().
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestHandler = (req: IncomingMessage, res: ServerResponse, index: number) => void;

export interface TestServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** requests received so far */
  readonly requests: number;
  /** request paths received so far, in arrival order */
  readonly paths: readonly string[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const ok: TestHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'x-cache': 'HIT' });
  res.end('ok\n');
};

export async function startTestServer(handler: TestHandler = ok): Promise<TestServer> {
  let requests = 0;
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const index = requests++;
    paths.push(req.url ?? '');
    handler(req, res, index);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  return {
    origin: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    paths,
    close,
    [Symbol.asyncDispose]: close,
  };
}
