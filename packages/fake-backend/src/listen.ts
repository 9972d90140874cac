/** Bind a node:http server, turning EADDRINUSE into PortInUseError (naming the option), and stop it again. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortInUseError } from './errors.js';

/** Deep enough for a burst of new connections at many times capacity; the kernel caps it at somaxconn. */
const BACKLOG = 4096;

export function listen(server: Server, host: string, port: number, option: 'port' | 'adminPort'): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port, option, { cause: err }) : err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, backlog: BACKLOG });
  });
}

/** Stop accepting, drop every connection (idle or not) and wait until the server has closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** `http://127.0.0.1:PORT` / `http://[::1]:PORT`, no trailing slash. */
export function httpUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
