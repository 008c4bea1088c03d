import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { diag } from '@opentelemetry/api';
import { RequestError } from '../../errors.ts';
import { checkAccess, requireTokenBeyondLoopback } from '../../http/access.ts';
import { BodyTooLargeError, readBodyBytes } from '../../http/body.ts';
import { RequestErrorLog } from '../../http/error-log.ts';
import { listen } from '../../http/listen.ts';
import type { FetchHandler } from '../../http/node.ts';
import type { SpanRecord } from '../model/span-record.ts';
import { OtlpDecodeError, RequestLimitError } from './errors.ts';
import { spansFromOtlpJson } from './otlp-json.ts';
import {
  countOtlpProtobufSpans,
  encodeExportResponse,
  encodeRpcStatus,
  spansFromOtlpProtobuf,
} from './otlp-proto.ts';
import { checkRequestLimits, checkSpanCount, type RequestLimits } from './request-limits.ts';

export type { RequestLimits } from './request-limits.ts';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Options of {@link startOtlpReceiver} and {@link createOtlpHandler}. */
export interface OtlpReceiverOptions {
  /** Called with each decoded batch; the export is acknowledged once it resolves. */
  onSpans: (spans: SpanRecord[]) => Promise<unknown>;
  /** Bind address. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 4318 (the OTLP/HTTP port). */
  port?: number;
  /** Largest accepted body, compressed or not. Default 16 MiB. Bigger → 413. */
  maxBodyBytes?: number;
  /** Spans, attributes and parent depth one request may carry (see {@link RequestLimits}). */
  limits?: RequestLimits;
  /** Access token, sent as `Authorization: Bearer <token>`; required to bind beyond loopback. */
  token?: string;
  /** Ports on the same host whose pages may post here (browser `Origin`); read on each request. */
  siblingPorts?: readonly number[];
  /** Where refused and failed requests are logged, one line each. Default: stderr, rate-limited. */
  errorLog?: RequestErrorLog;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** Base URL, e.g. `http://127.0.0.1:4318` (point `OTEL_EXPORTER_OTLP_ENDPOINT` here). */
  url: string;
  /** The traces endpoint, `<url>/v1/traces`. */
  tracesUrl: string;
  /** Bound port. */
  port: number;
  /** Metric and log exports accepted and discarded (the inspector reads traces only). */
  readonly discarded: DiscardedExports;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Counts of the exports the receiver acknowledged without storing them. */
export interface DiscardedExports {
  /** `POST /v1/metrics` requests. */
  metrics: number;
  /** `POST /v1/logs` requests. */
  logs: number;
}

/** A {@link createOtlpHandler} handler, with what it discarded. */
export type OtlpHandler = FetchHandler & { readonly discarded: DiscardedExports };

/** Signals an SDK may send to an OTLP endpoint besides traces: acknowledged, counted, discarded. */
const DISCARDED_PATHS: Record<string, keyof DiscardedExports> = {
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};

/** gRPC status codes used in OTLP/HTTP error bodies. */
const RPC_INVALID_ARGUMENT = 3;
const RPC_RESOURCE_EXHAUSTED = 8;
const RPC_INTERNAL = 13;
const RPC_PERMISSION_DENIED = 7;
const RPC_UNAUTHENTICATED = 16;

function rpcCode(status: number): number {
  if (status === 413) return RPC_RESOURCE_EXHAUSTED;
  if (status === 401) return RPC_UNAUTHENTICATED;
  if (status === 403 || status === 421) return RPC_PERMISSION_DENIED;
  return status >= 500 ? RPC_INTERNAL : RPC_INVALID_ARGUMENT;
}

type Encoding = 'json' | 'protobuf';

function encodingOf(request: Request): Encoding | undefined {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  return undefined;
}

async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const raw = await readBodyBytes(request, max);
  const enc = (request.headers.get('content-encoding') ?? 'identity').toLowerCase().trim();
  try {
    if (enc === 'gzip') return await gunzipAsync(raw, { maxOutputLength: max });
    if (enc === 'deflate') return await inflateAsync(raw, { maxOutputLength: max });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyTooLargeError(max, 'the decompressed body');
    }
    throw new RequestError(400, 'content-encoding', `cannot decompress ${enc} body`);
  }
  if (enc !== 'identity' && enc !== '')
    throw new RequestError(415, 'content-encoding', `unsupported content-encoding ${enc}`);
  return raw;
}

/** Decodes an export; its span count is checked against the limit first, before objects are built. */
function decode(body: Uint8Array, encoding: Encoding, limits: RequestLimits | undefined): SpanRecord[] {
  if (encoding === 'protobuf') {
    checkSpanCount(countOtlpProtobufSpans(body), limits);
    return spansFromOtlpProtobuf(body);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new OtlpDecodeError('', 'body is not valid JSON');
  }
  checkSpanCount(countJsonSpans(doc), limits);
  return spansFromOtlpJson(doc);
}

/** Spans in a parsed OTLP JSON export, counting only well-formed arrays (the decoder reports the rest). */
function countJsonSpans(doc: unknown): number {
  const list = (v: unknown, key: string): unknown[] => {
    const a = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return Array.isArray(a) ? a : [];
  };
  let n = 0;
  for (const rs of list(doc, 'resourceSpans'))
    for (const ss of list(rs, 'scopeSpans')) n += list(ss, 'spans').length;
  return n;
}

/** A `google.rpc.ErrorInfo` detail naming the limit and both numbers, for clients that parse the body. */
function limitDetail(err: RequestLimitError): unknown {
  return {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason: 'REQUEST_LIMIT_EXCEEDED',
    domain: 'convtrace.inspector',
    metadata: { limit: err.field, max: String(err.max), actual: String(err.actual) },
  };
}

function reply(
  status: number,
  encoding: Encoding,
  message?: string,
  headers?: ConstructorParameters<typeof Headers>[0],
  details?: unknown[],
): Response {
  const code = rpcCode(status);
  const h = new Headers(headers);
  let body: Uint8Array<ArrayBuffer> | string;
  if (encoding === 'protobuf') {
    body = (
      status === 200 ? encodeExportResponse() : encodeRpcStatus(code, message ?? '')
    ) as Uint8Array<ArrayBuffer>;
    h.set('content-type', 'application/x-protobuf');
  } else {
    body =
      status === 200
        ? '{}'
        : JSON.stringify({ code, message: message ?? '', ...(details ? { details } : {}) });
    h.set('content-type', 'application/json');
  }
  return new Response(body, { status, headers: h });
}

/**
 * The OTLP/HTTP traces receiver as a Web handler (`Request` → `Response`): `POST /v1/traces`, protobuf
 * or JSON, gzip/deflate accepted; `/v1/metrics` and `/v1/logs` are acknowledged and discarded (counted
 * in `discarded`). Malformed payloads and exports over a {@link RequestLimits} limit get 400 (nothing
 * of them stored), oversized bodies 413, other content types
 * 415 — each with an OTLP `Status` body in the request's encoding. A 200 is sent only after `onSpans`
 * resolved. Host, Origin and token are checked first ({@link checkAccess}): a foreign Host on a
 * loopback bind gets 421 (DNS rebinding), a foreign browser Origin 403, a missing token 401.
 */
export function createOtlpHandler(options: OtlpReceiverOptions): OtlpHandler {
  const maxBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const discarded: DiscardedExports = { metrics: 0, logs: 0 };
  const errorLog = options.errorLog ?? new RequestErrorLog({ prefix: 'convtrace receiver' });
  const handler = async (request: Request): Promise<Response> => {
    const fail = (...args: Parameters<typeof reply>): Response => {
      errorLog.log(request, args[0], args[2] ?? '');
      return reply(...args);
    };
    const denied = checkAccess(request, {
      host: options.host ?? '127.0.0.1',
      token: options.token,
      siblingPorts: options.siblingPorts,
    });
    if (denied)
      return fail(denied.status, encodingOf(request) ?? 'json', denied.message, {
        connection: 'close', // the body is not read
        ...(denied.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
      });
    const path = new URL(request.url).pathname;
    const other = DISCARDED_PATHS[path];
    if (path !== '/v1/traces' && !other)
      return fail(404, 'json', 'only /v1/traces (and /v1/metrics, /v1/logs, discarded) are served');
    if (request.method !== 'POST') return fail(405, 'json', 'use POST', { allow: 'POST' });
    const encoding = encodingOf(request);
    if (!encoding)
      return fail(415, 'json', 'content-type must be application/x-protobuf or application/json');
    try {
      if (other) {
        // An SDK exporting metrics or logs here would log export errors on a 404: acknowledge, count.
        await readBody(request, maxBytes);
        if (discarded[other]++ === 0)
          diag.info(`convtrace receiver: discarding ${other} exports (only traces are stored)`);
        return reply(200, encoding);
      }
      const spans = decode(await readBody(request, maxBytes), encoding, options.limits);
      checkRequestLimits(spans, options.limits);
      if (spans.length > 0) await options.onSpans(spans);
      return reply(200, encoding);
    } catch (err) {
      // Stop an oversized upload: answer, then drop the connection.
      if (err instanceof BodyTooLargeError) return fail(413, encoding, err.message, { connection: 'close' });
      if (err instanceof OtlpDecodeError) return fail(400, encoding, err.message);
      if (err instanceof RequestLimitError)
        return fail(err.status, encoding, err.message, undefined, [limitDetail(err)]);
      if (err instanceof RequestError) return fail(err.status, encoding, err.message);
      diag.error('convtrace receiver: storing spans failed', err);
      errorLog.log(
        request,
        500,
        `could not store spans: ${err instanceof Error ? err.message : String(err)}`,
      );
      return reply(500, encoding, 'could not store spans');
    }
  };
  return Object.assign(handler, { discarded });
}

/**
 * Starts the built-in OTLP/HTTP traces receiver ({@link createOtlpHandler} on `node:http`). Binds to
 * 127.0.0.1 unless told otherwise; beyond loopback only with a `token`.
 */
export async function startOtlpReceiver(options: OtlpReceiverOptions): Promise<OtlpReceiver> {
  requireTokenBeyondLoopback(options.host ?? '127.0.0.1', options.token);
  const handler = createOtlpHandler(options);
  const server = await listen(handler, options.host ?? '127.0.0.1', options.port ?? 4318);
  return {
    url: server.url,
    tracesUrl: `${server.url}/v1/traces`,
    port: server.port,
    discarded: handler.discarded,
    close: server.close,
  };
}
