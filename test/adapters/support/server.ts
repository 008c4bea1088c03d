import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FetchHandler, toNodeHandler } from '../../../src/http/node.ts';

/** A node:http server on 127.0.0.1 (ephemeral port) serving `handler`. */
export interface TestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts `handler` behind `toNodeHandler` on 127.0.0.1:0. */
export async function serve(handler: FetchHandler): Promise<TestServer> {
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Splits an SSE body into the JSON payloads of its `data:` lines (`[DONE]` kept as a string). */
export function parseSse(text: string): unknown[] {
  const out: unknown[] = [];
  for (const frame of text.split('\n\n')) {
    if (!frame.trim()) continue;
    for (const line of frame.split('\n')) {
      if (!line.startsWith('data: ')) throw new Error(`unexpected SSE line: ${JSON.stringify(line)}`);
      const payload = line.slice(6);
      out.push(payload === '[DONE]' ? payload : JSON.parse(payload));
    }
  }
  return out;
}
