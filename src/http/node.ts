import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { diag } from '@opentelemetry/api';

/** A Web-standard request handler, e.g. `(req) => handleAgUiRequest(agent, req)`. */
export type FetchHandler = (request: Request) => Promise<Response> | Response;

/** A `node:http` request listener. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const host = req.headers.host ?? 'localhost';
  const url = new URL(req.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, value);
  }
  const method = req.method ?? 'GET';
  let body: RequestInit['body'];
  if (method !== 'GET' && method !== 'HEAD') {
    // Express with `express.json()` already consumed the stream: re-serialize what it parsed.
    const parsed = (req as { body?: unknown }).body;
    if (parsed !== undefined && !req.readable) {
      body =
        typeof parsed === 'string'
          ? parsed
          : parsed instanceof Uint8Array
            ? new Uint8Array(parsed)
            : JSON.stringify(parsed);
      headers.delete('content-length');
    } else body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
  }
  return new Request(url, {
    method,
    headers,
    signal,
    ...(body === undefined ? {} : { body, duplex: 'half' }),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = key === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
  if (response.statusText) res.writeHead(response.status, response.statusText, headers);
  else res.writeHead(response.status, headers);
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const stop = (): void => {
    reader.cancel(new DOMException('the client closed the connection', 'AbortError')).catch(() => {});
  };
  res.once('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value))
        await new Promise<void>((resolve) => {
          const go = (): void => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.on('drain', go);
          res.on('close', go);
        });
      if (res.destroyed) break;
    }
  } finally {
    res.off('close', stop);
    res.end();
  }
}

/**
 * Mounts a Web-standard handler (`Request` → `Response`) on `node:http` (also works as an Express
 * route handler): streams the response body with backpressure, and aborts the request's `signal` —
 * which cancels the agent run — when the client disconnects before the response is complete.
 */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return (req, res) => {
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished)
        abort.abort(new DOMException('the client closed the connection', 'AbortError'));
    });
    (async () => {
      const response = await handler(toRequest(req, abort.signal));
      await writeResponse(response, res);
    })().catch((err: unknown) => {
      diag.error('convtrace: the request handler failed', err);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { message: 'internal error', field: 'body' } }));
      } else res.destroy();
    });
  };
}
