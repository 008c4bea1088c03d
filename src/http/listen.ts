import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConvtraceError } from '../errors.ts';
import { type FetchHandler, toNodeHandler } from './node.ts';

/** The port is taken (or cannot be bound) — a one-line message for the user, no stack. */
export class ListenError extends ConvtraceError {
  /** The address that could not be bound. */
  readonly address: string;
  /** The system error code, e.g. `EADDRINUSE`. */
  readonly code: string | undefined;

  constructor(address: string, code: string | undefined, detail: string, options?: { cause?: unknown }) {
    super(`cannot listen on ${address}: ${detail}`, options);
    this.address = address;
    this.code = code;
  }
}

/** A Web handler listening on `node:http`. */
export interface HttpServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4318`. */
  url: string;
  /** The bound port. */
  port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** `http://host:port` with IPv6 hosts bracketed. */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Serves `handler` (Web `Request` → `Response`, mounted with {@link toNodeHandler}) on `host:port`
 * (port 0 picks a free one). Rejects with {@link ListenError} when the port is taken.
 */
export async function listen(handler: FetchHandler, host: string, port: number): Promise<HttpServer> {
  const server: Server = createServer(toNodeHandler(handler));
  // Malformed HTTP from a client: drop that connection, keep serving.
  server.on('clientError', (_err, socket) => {
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => {
      const address = baseUrl(host, port).slice('http://'.length);
      const detail =
        err.code === 'EADDRINUSE'
          ? 'the port is already in use (pick another one)'
          : err.code === 'EACCES'
            ? 'permission denied'
            : err.message;
      reject(new ListenError(address, err.code, detail, { cause: err }));
    };
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: baseUrl(host, bound),
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
