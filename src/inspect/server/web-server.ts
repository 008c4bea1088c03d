import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';
import { filterSummaries, summarizeConversations } from '../model/conversation-list.ts';
import { assembleConversation } from '../model/conversation-model.ts';
import { SpanSourceError } from '../sources/errors.ts';
import type { SpanSource } from '../sources/source.ts';
import type { ConversationResponse, ListResponse } from '../web/api.ts';
import { PAGE_HTML } from './page-html.ts';
import { PAGE_CSS } from './page-style.ts';
import { pageModule } from './web-assets.ts';

/** Options of {@link startWebServer}. */
export interface WebServerOptions {
  source: SpanSource;
  /** Bind address. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
}

/** A running inspector web server. */
export interface WebServer {
  /** e.g. `http://127.0.0.1:4319/`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Strict CSP: only same-origin scripts/styles, no inline anything, no frames, no form posts. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function send(res: ServerResponse, status: number, type: string, body: string, cache = 'no-store'): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  res.setHeader('content-type', type);
  res.setHeader('cache-control', cache);
  res.statusCode = status;
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** Loopback-bound servers only answer loopback Host headers (blocks DNS rebinding). */
function hostAllowed(req: IncomingMessage, boundHost: string): boolean {
  const loopback = boundHost === '127.0.0.1' || boundHost === '::1' || boundHost === 'localhost';
  if (!loopback) return true;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: WebServerOptions): Promise<void> {
  if (!hostAllowed(req, opts.host ?? '127.0.0.1')) return send(res, 421, 'text/plain', 'misdirected request');
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(res, 405, 'text/plain', 'method not allowed');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const { source } = opts;
  if (path === '/' || path === '/index.html') return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
  if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
  if (path === '/assets/style.css') return send(res, 200, 'text/css; charset=utf-8', PAGE_CSS);
  const asset = /^\/assets\/([a-z0-9-]+)\.(?:js|ts)$/.exec(path);
  if (asset) {
    const js = await pageModule(asset[1]!);
    if (js === undefined) return send(res, 404, 'text/plain', 'not found');
    return send(res, 200, 'text/javascript; charset=utf-8', js);
  }
  if (path === '/api/config') return sendJson(res, 200, { source: source.description });
  if (path === '/api/conversations') {
    const rows = filterSummaries(
      summarizeConversations(await source.recentSpans()),
      url.searchParams.get('q') ?? '',
    );
    const body: ListResponse = { source: source.description, conversations: rows };
    return sendJson(res, 200, body);
  }
  const conv = /^\/api\/conversations\/([^/]+)$/.exec(path);
  if (conv) {
    let id: string;
    try {
      id = decodeURIComponent(conv[1]!);
    } catch {
      return sendJson(res, 400, { error: 'bad conversation id' });
    }
    const conversation = assembleConversation(await source.conversationSpans(id), id);
    if (!conversation) return sendJson(res, 404, { error: `no spans of conversation ${id}` });
    const traceUrls: Record<string, string> = {};
    for (const t of conversation.traceIds) {
      const link = source.traceUrl(t);
      if (link) traceUrls[t] = link;
    }
    const body: ConversationResponse = { source: source.description, conversation, traceUrls };
    return sendJson(res, 200, body);
  }
  return send(res, 404, 'text/plain', 'not found');
}

/**
 * Starts the inspector page and its JSON API on node:http: `/` (the page), `/assets/*`,
 * `/api/conversations[?q=]`, `/api/conversations/:id`, `/api/config`. Every response carries a strict
 * CSP and nosniff; the page builds its DOM with `textContent` only.
 */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    handle(req, res, opts).catch((err: unknown) => {
      if (err instanceof SpanSourceError) return sendJson(res, 502, { error: err.message });
      diag.error('convtrace inspector: request failed', err);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
