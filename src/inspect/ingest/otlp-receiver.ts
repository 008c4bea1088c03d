import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { diag } from '@opentelemetry/api';
import type { SpanRecord } from '../model/span-record.ts';
import { OtlpDecodeError } from '../sources/errors.ts';
import { spansFromOtlpJson } from './otlp-json.ts';
import { encodeExportResponse, encodeRpcStatus, spansFromOtlpProtobuf } from './otlp-proto.ts';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Options of {@link startOtlpReceiver}. */
export interface OtlpReceiverOptions {
  /** Called with each decoded batch; the export is acknowledged once it resolves. */
  onSpans: (spans: SpanRecord[]) => Promise<unknown>;
  /** Bind address. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 4318 (the OTLP/HTTP port). */
  port?: number;
  /** Largest accepted body, compressed or not. Default 16 MiB. Bigger → 413. */
  maxBodyBytes?: number;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** Base URL, e.g. `http://127.0.0.1:4318` (point `OTEL_EXPORTER_OTLP_ENDPOINT` here). */
  url: string;
  /** The traces endpoint, `<url>/v1/traces`. */
  tracesUrl: string;
  /** Bound port. */
  port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** gRPC status codes used in OTLP/HTTP error bodies. */
const RPC_INVALID_ARGUMENT = 3;
const RPC_RESOURCE_EXHAUSTED = 8;
const RPC_INTERNAL = 13;

type Encoding = 'json' | 'protobuf';

function encodingOf(req: IncomingMessage): Encoding | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  return undefined;
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw new HttpError(413, `body over ${max} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new HttpError(413, `body over ${max} bytes`);
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  const enc = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  try {
    if (enc === 'gzip') return await gunzipAsync(raw, { maxOutputLength: max });
    if (enc === 'deflate') return await inflateAsync(raw, { maxOutputLength: max });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `decompressed body over ${max} bytes`);
    }
    throw new HttpError(400, `cannot decompress ${enc} body`);
  }
  if (enc !== 'identity' && enc !== '') throw new HttpError(415, `unsupported content-encoding ${enc}`);
  return raw;
}

function decode(body: Buffer, encoding: Encoding): SpanRecord[] {
  if (encoding === 'protobuf') return spansFromOtlpProtobuf(body);
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new OtlpDecodeError('', 'body is not valid JSON');
  }
  return spansFromOtlpJson(doc);
}

function reply(res: ServerResponse, status: number, encoding: Encoding, message?: string): void {
  if (res.headersSent) return;
  const code = status === 413 ? RPC_RESOURCE_EXHAUSTED : status >= 500 ? RPC_INTERNAL : RPC_INVALID_ARGUMENT;
  let body: Uint8Array | string;
  if (encoding === 'protobuf') {
    body = status === 200 ? encodeExportResponse() : encodeRpcStatus(code, message ?? '');
    res.setHeader('content-type', 'application/x-protobuf');
  } else {
    body = status === 200 ? '{}' : JSON.stringify({ code, message: message ?? '' });
    res.setHeader('content-type', 'application/json');
  }
  res.statusCode = status;
  res.end(body);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: OtlpReceiverOptions,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/v1/traces') return reply(res, 404, 'json', 'only /v1/traces is served');
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return reply(res, 405, 'json', 'use POST');
  }
  const encoding = encodingOf(req);
  if (!encoding)
    return reply(res, 415, 'json', 'content-type must be application/x-protobuf or application/json');
  try {
    const body = await readBody(req, options.maxBodyBytes ?? 16 * 1024 * 1024);
    const spans = decode(body, encoding);
    if (spans.length > 0) await options.onSpans(spans);
    reply(res, 200, encoding);
  } catch (err) {
    if (err instanceof HttpError) {
      if (err.status === 413) {
        // Stop reading an oversized upload: answer, then drop the connection.
        res.setHeader('connection', 'close');
        res.once('finish', () => setTimeout(() => req.destroy(), 200).unref());
        req.resume();
      }
      return reply(res, err.status, encoding, err.message);
    }
    if (err instanceof OtlpDecodeError) return reply(res, 400, encoding, err.message);
    diag.error('convtrace receiver: storing spans failed', err);
    reply(res, 500, encoding, 'could not store spans');
  }
}

/**
 * Starts the built-in OTLP/HTTP traces receiver (protobuf and JSON, gzip/deflate accepted): `POST
 * /v1/traces`. Malformed payloads get 400, oversized ones 413, other content types 415 — each with an
 * OTLP `Status` body in the request's encoding. Binds to 127.0.0.1 unless told otherwise.
 */
export async function startOtlpReceiver(options: OtlpReceiverOptions): Promise<OtlpReceiver> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      diag.error('convtrace receiver: request failed', err);
      if (!res.headersSent) reply(res, 500, 'json', 'internal error');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4318, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    tracesUrl: `${url}/v1/traces`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
