import { createServer } from 'node:net';

/** A port that was free on 127.0.0.1 a moment ago, for a test that must name the port in advance. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
