/** HTTP plumbing shared by all routes: headers, JSON bodies and the OpenAI error envelope. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ids } from './ids.ts';
import type { FakeErrorSpec, JsonObject, JsonValue } from './types.ts';

/** The `error` object of the OpenAI error envelope. */
export interface ErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** An error that a route answers with as `{ error: {...} }`. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: ErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** 400 `invalid_request_error` with the given code and param. */
export function invalidRequest(message: string, param: string | null = null, code: string | null = null) {
  return new HttpError(400, { message, type: 'invalid_request_error', param, code });
}

/** 404 `invalid_request_error`. */
export function notFound(message: string, param: string | null = null, code: string | null = null) {
  return new HttpError(404, { message, type: 'invalid_request_error', param, code });
}

const DEFAULT_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  409: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Invalid request.',
  401: 'Incorrect API key provided.',
  403: 'You are not allowed to access this resource.',
  404: 'Not found.',
  409: 'Conflict.',
  429: 'Rate limit reached for requests. Please try again shortly.',
  500: 'The server had an error while processing your request. Sorry about that!',
  503: 'The engine is currently overloaded, please try again later.',
};

/** Builds an {@link HttpError} from a scripted error reply, with per-status defaults. */
export function errorFromSpec(spec: FakeErrorSpec): HttpError {
  const status = spec.status;
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new TypeError(`FakeReply.error.status must be an integer 400-599, got ${String(status)}`);
  }
  const headers: Record<string, string> = { ...spec.headers };
  headers['x-should-retry'] = spec.shouldRetry === true ? 'true' : 'false';
  if (status === 429) {
    const ms = spec.retryAfterMs ?? 1000;
    headers['retry-after-ms'] = String(ms);
    headers['retry-after'] = String(Math.ceil(ms / 1000));
    headers['x-ratelimit-limit-requests'] ??= '500';
    headers['x-ratelimit-remaining-requests'] ??= '0';
    headers['x-ratelimit-reset-requests'] ??= `${ms}ms`;
  }
  return new HttpError(
    status,
    {
      message: spec.message ?? DEFAULT_MESSAGES[status] ?? `Error ${status}.`,
      type: spec.type ?? DEFAULT_TYPES[status] ?? 'server_error',
      param: spec.param ?? null,
      code: spec.code !== undefined ? spec.code : status === 429 ? 'rate_limit_exceeded' : null,
    },
    headers,
  );
}

/** Headers every OpenAI response carries. */
export function baseHeaders(startedAt: number): Record<string, string> {
  return {
    'x-request-id': ids.request(),
    'openai-processing-ms': String(Math.max(1, Date.now() - startedAt)),
    'openai-version': '2020-10-01',
  };
}

/** Writes a JSON response (no-op when the client already went away). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: JsonValue,
  startedAt: number,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...baseHeaders(startedAt),
    ...extra,
  });
  res.end(text);
}

/** Writes the OpenAI error envelope for an {@link HttpError}. */
export function sendError(res: ServerResponse, error: HttpError, startedAt: number): void {
  const envelope: JsonObject = { error: { ...error.body } };
  sendJson(res, error.status, envelope, startedAt, { 'x-should-retry': 'false', ...error.headers });
}

/** Reads the whole request body as UTF-8 text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Sleeps `ms`, resolving early (with `false`) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when `signal` aborts (used by hanging replies). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Narrowing helper: is `value` a plain JSON object? */
export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
