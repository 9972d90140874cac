/**
 * A TCP port that was free a moment ago on 127.0.0.1, for servers that cannot listen on port 0 (nginx).
 * Racy by nature: callers retry with a new port when the server reports the address in use.
 */
import { createServer } from 'node:net';

export function pickFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
