/** vcrpy YAML cassettes: reading them and replaying their interactions in order. */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { parse } from 'yaml';
import { baseHeaders, HttpError } from './http.ts';
import type { CassetteInteraction, JsonObject, JsonValue } from './types.ts';

const DROPPED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'content-encoding']);

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`cassette: ${where} must be a mapping`);
  }
  return value as Record<string, unknown>;
}

function headerMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [name, raw] of Object.entries(value)) {
    const key = name.toLowerCase();
    if (DROPPED_HEADERS.has(key)) continue;
    out[key] = Array.isArray(raw) ? raw.map(String).join(', ') : String(raw);
  }
  return out;
}

function responseBody(response: Record<string, unknown>, where: string): JsonValue | string {
  if ('parsed_body' in response) return response.parsed_body as JsonValue;
  const body = response.body;
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && body !== null && typeof (body as JsonObject).string === 'string') {
    return (body as JsonObject).string as string;
  }
  throw new TypeError(`cassette: ${where}.response has neither parsed_body nor body.string`);
}

/** Parses a vcrpy cassette file into its interactions (recorded request bodies included). */
export function readCassette(path: string): CassetteInteraction[] {
  const doc = asObject(parse(readFileSync(path, 'utf8')), path);
  if (!Array.isArray(doc.interactions)) throw new TypeError(`cassette: ${path} has no 'interactions' list`);
  return doc.interactions.map((raw, i) => {
    const where = `interactions[${i}]`;
    const interaction = asObject(raw, where);
    const request = asObject(interaction.request, `${where}.request`);
    const response = asObject(interaction.response, `${where}.response`);
    const uri = String(request.uri);
    const status = asObject(response.status, `${where}.response.status`);
    let requestBody: JsonValue | undefined;
    if ('parsed_body' in request) requestBody = request.parsed_body as JsonValue;
    else if (typeof request.body === 'string' && request.body !== '') {
      try {
        requestBody = JSON.parse(request.body) as JsonValue;
      } catch {
        requestBody = request.body;
      }
    }
    return {
      method: String(request.method).toUpperCase(),
      uri,
      path: new URL(uri).pathname,
      requestBody,
      status: Number(status.code),
      responseHeaders: headerMap(response.headers),
      responseBody: responseBody(response, where),
    };
  });
}

/** Path with object ids (`conv_…`, `resp_…`, `msg_…`) replaced by placeholders, for matching. */
export function pathTemplate(path: string): string {
  return path
    .split('/')
    .map((segment) => segment.replace(/^([a-z]+)_[A-Za-z0-9]{8,}$/, '$1_*'))
    .join('/');
}

/** Replays a cassette: each incoming request takes the first unserved interaction with its method + path. */
export class CassettePlayer {
  readonly interactions: CassetteInteraction[];
  private readonly served: boolean[];

  constructor(interactions: CassetteInteraction[]) {
    this.interactions = interactions;
    this.served = interactions.map(() => false);
  }

  /** Interactions not yet served. */
  get remaining(): number {
    return this.served.filter((s) => !s).length;
  }

  /** Takes the next matching interaction or throws a 500 naming the unmatched request. */
  take(method: string, path: string): CassetteInteraction {
    const template = pathTemplate(path);
    const index = this.interactions.findIndex(
      (it, i) => !this.served[i] && it.method === method && pathTemplate(it.path) === template,
    );
    if (index < 0) {
      throw new HttpError(500, {
        message: `cassette: no recorded interaction left for ${method} ${path}`,
        type: 'cassette_mismatch',
        param: null,
        code: null,
      });
    }
    this.served[index] = true;
    return this.interactions[index]!;
  }

  /** Writes a recorded response (JSON bodies re-serialised, SSE text as is). */
  static send(res: ServerResponse, interaction: CassetteInteraction, startedAt: number): void {
    const body = interaction.responseBody;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { ...baseHeaders(startedAt), ...interaction.responseHeaders };
    headers['content-type'] ??=
      typeof body === 'string' ? 'text/event-stream; charset=utf-8' : 'application/json';
    headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(interaction.status, headers);
    res.end(text);
  }
}
