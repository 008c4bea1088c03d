import { diag } from '@opentelemetry/api';
import { InvalidArgumentError } from '../../errors.ts';
import { checkAccess, requireTokenBeyondLoopback, tokenCookie } from '../../http/access.ts';
import { RequestErrorLog } from '../../http/error-log.ts';
import { listen } from '../../http/listen.ts';
import type { FetchHandler } from '../../http/node.ts';
import type { ConversationResponse, ListResponse } from '../model/api-types.ts';
import { toJsonText } from '../model/deep-json.ts';
import { parseListFilter } from '../model/list-filter.ts';
import { BUILTIN_PRICES, costOf, type PriceTable } from '../model/prices.ts';
import { SpanSourceError } from '../sources/errors.ts';
import type { SpanSource } from '../sources/source.ts';
import type { ChangeFeed } from './change-feed.ts';
import {
  ConversationReader,
  overviewResponse,
  traceLinks,
  transcriptResponse,
  turnResponse,
} from './conversation-routes.ts';
import { changeStream } from './live-events.ts';
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
  /** Prices for the cost columns. Default: the built-in table. */
  prices?: PriceTable;
  /** Changes of the source, pushed to the page as server-sent events (`/api/events`); none: 204. */
  changes?: ChangeFeed;
  /**
   * Access token (required to bind beyond loopback): API calls send `Authorization: Bearer <token>`;
   * a browser opens `/?token=<token>` once, which sets an HttpOnly same-site cookie for the page.
   */
  token?: string;
  /** Where failed requests (500, 502) are logged, one line each. Default: stderr, rate-limited. */
  errorLog?: RequestErrorLog;
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

function send(status: number, type: string, body: string, cache = 'no-store'): Response {
  const headers = new Headers(SECURITY_HEADERS);
  headers.set('content-type', type);
  headers.set('cache-control', cache);
  return new Response(status === 204 ? null : body, { status, headers });
}

function sendJson(status: number, value: unknown): Response {
  return send(status, 'application/json; charset=utf-8', toJsonText(value));
}

/** An integer query parameter within [min, max]; `fallback` when absent, undefined when invalid. */
function intParam(url: URL, name: string, fallback: number, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

async function route(
  request: Request,
  opts: WebServerOptions,
  reader: ConversationReader,
): Promise<Response> {
  const denied = checkAccess(request, { host: opts.host ?? '127.0.0.1', token: opts.token, cookie: true });
  if (denied) {
    const res = send(denied.status, 'text/plain', denied.message);
    if (denied.status === 401) res.headers.set('www-authenticate', 'Bearer');
    return res;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return send(405, 'text/plain', 'method not allowed');
  const url = new URL(request.url);
  const path = url.pathname;
  const { source } = opts;
  const prices = opts.prices ?? BUILTIN_PRICES;
  if (path === '/' || path === '/index.html') {
    const res = send(200, 'text/html; charset=utf-8', PAGE_HTML);
    if (opts.token && url.searchParams.has('token'))
      res.headers.append('set-cookie', tokenCookie(opts.token));
    return res;
  }
  if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
  if (path === '/assets/style.css') return send(200, 'text/css; charset=utf-8', PAGE_CSS);
  const asset = /^\/assets\/([a-z]+)\/([a-z0-9-]+)\.(?:js|ts)$/.exec(path);
  if (asset) {
    const js = await pageModule(asset[1]!, asset[2]!);
    if (js === undefined) return send(404, 'text/plain', 'not found');
    return send(200, 'text/javascript; charset=utf-8', js);
  }
  if (path === '/api/config') return sendJson(200, { source: source.description });
  if (path === '/api/conversations') {
    const limit = intParam(url, 'limit', 50, 1, 1000);
    const offset = intParam(url, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    if (limit === undefined || offset === undefined)
      return sendJson(400, { error: 'limit must be 1-1000 and offset ≥ 0 (integers)' });
    const filter = parseListFilter(url.searchParams);
    const page = await source.listConversations({
      ...filter,
      search: url.searchParams.get('q') ?? '',
      limit,
      offset,
    });
    const conversations = page.conversations.map((r) => ({ ...r, cost: costOf(r.usageByModel, prices) }));
    const body: ListResponse = {
      source: source.description,
      ...page,
      conversations,
      offset,
      limit,
      pricesAsOf: prices.asOf,
    };
    return sendJson(200, body);
  }
  if (path === '/api/events') {
    if (!opts.changes) return send(204, 'text/plain', '');
    const headers = new Headers(SECURITY_HEADERS);
    headers.set('content-type', 'text/event-stream; charset=utf-8');
    headers.set('cache-control', 'no-store');
    return new Response(changeStream(opts.changes, request.signal), { status: 200, headers });
  }
  const conv = /^\/api\/conversations\/([^/]+)(?:\/(overview|transcript|turns\/(\d{1,7}|last)))?$/.exec(path);
  if (conv) {
    let id: string;
    try {
      id = decodeURIComponent(conv[1]!);
    } catch {
      return sendJson(400, { error: 'bad conversation id' });
    }
    if (conv[2] === 'overview') {
      const body = await overviewResponse(reader, id, prices);
      return body ? sendJson(200, body) : sendJson(404, { error: `no spans of conversation ${id}` });
    }
    if (conv[2] === 'transcript') {
      const from = intParam(url, 'from', 1, 1, Number.MAX_SAFE_INTEGER);
      const limit = intParam(url, 'limit', 50, 1, 500);
      if (from === undefined || limit === undefined)
        return sendJson(400, { error: 'from must be ≥ 1 and limit 1-500 (integers)' });
      const body = await transcriptResponse(reader, id, from, limit);
      return body ? sendJson(200, body) : sendJson(404, { error: `no spans of conversation ${id}` });
    }
    if (conv[3] !== undefined) {
      const index = conv[3] === 'last' ? 'last' : Number(conv[3]);
      const body = await turnResponse(reader, id, index, prices);
      return body ? sendJson(200, body) : sendJson(404, { error: `conversation ${id} has no turn ${index}` });
    }
    const found = await reader.read(id);
    if (!found) return sendJson(404, { error: `no spans of conversation ${id}` });
    const { conversation, warnings } = found;
    const traceUrls = traceLinks(source, conversation.traceIds);
    const body: ConversationResponse = { source: source.description, conversation, traceUrls, warnings };
    return sendJson(200, body);
  }
  return send(404, 'text/plain', 'not found');
}

/**
 * The inspector page and its JSON API as a Web handler (`Request` → `Response`): `/` (the page),
 * `/assets/*`, `/api/conversations[?q=&agent=&service=&model=&errors=&from=&to=&id=]`,
 * `/api/conversations/:id`, `/api/conversations/:id/overview`, `/api/conversations/:id/turns/:n|last`,
 * `/api/conversations/:id/transcript?from=&limit=`,
 * `/api/events` (server-sent change events), `/api/config`. Every response
 * carries a strict CSP and nosniff; the page builds its DOM with `textContent` only. Host, Origin and
 * token are checked first ({@link checkAccess}: 421, 403, 401).
 */
export function createPageHandler(opts: WebServerOptions): FetchHandler {
  const reader = new ConversationReader(opts.source, opts.changes);
  const errorLog = opts.errorLog ?? new RequestErrorLog({ prefix: 'convtrace inspector' });
  return async (request) => {
    try {
      return await route(request, opts, reader);
    } catch (err) {
      if (err instanceof InvalidArgumentError) return sendJson(400, { error: err.message });
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof SpanSourceError) {
        errorLog.log(request, 502, message);
        return sendJson(502, { error: err.message });
      }
      diag.error('convtrace inspector: request failed', err);
      errorLog.log(request, 500, message);
      return sendJson(500, { error: 'internal error' });
    }
  };
}

/**
 * Starts {@link createPageHandler} on `node:http` (127.0.0.1 unless told otherwise; beyond loopback
 * only with a `token`, else {@link AccessTokenRequiredError}).
 */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  requireTokenBeyondLoopback(opts.host ?? '127.0.0.1', opts.token);
  const server = await listen(createPageHandler(opts), opts.host ?? '127.0.0.1', opts.port ?? 0);
  return { url: `${server.url}/`, port: server.port, close: server.close };
}
