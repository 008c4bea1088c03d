/**
 * A small client for Jaeger's query API as the e2e suites use it, plus the translation of a Jaeger UI
 * search URL (what dashboards/jaeger-ui.json's linkPatterns produce) into the API query the UI sends.
 *
 * Jaeger v2.13's `/api/v3/traces` ignores attribute filters (its HTTP gateway builds an empty
 * attribute map), so tag searches — the conversation-id search included — go through the legacy
 * `/api/traces` endpoint, which is also what that release's UI search page calls.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** One tag / process tag in Jaeger's UI model. */
export interface JaegerKeyValue {
  key: string;
  type: string;
  value: string | number | boolean;
}

/** One span in Jaeger's UI model (legacy `/api/traces`). */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags: JaegerKeyValue[];
  logs: { timestamp: number; fields: JaegerKeyValue[] }[];
  processID: string;
}

/** One trace in Jaeger's UI model. */
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerKeyValue[] }>;
}

/** Parameters of a legacy trace search. */
export interface TraceSearch {
  service: string;
  tags?: Record<string, string>;
  operation?: string;
  /** Look back this far from now (ms); default 1 hour. */
  lookbackMs?: number;
  limit?: number;
}

/** The value of a span's tag, if present. */
export function tagValue(span: JaegerSpan, key: string): string | undefined {
  const tag = span.tags.find((t) => t.key === key);
  return tag === undefined ? undefined : String(tag.value);
}

/** The service that emitted `span`. */
export function serviceOf(trace: JaegerTrace, span: JaegerSpan): string | undefined {
  return trace.processes[span.processID]?.serviceName;
}

/**
 * The `GET /api/traces` query the Jaeger UI's search page sends when it is opened at a search URL
 * (what dashboards/jaeger-ui.json's linkPatterns produce): the URL's parameters, unchanged. The API
 * ignores `lookback`; without `start` it searches its default window (48 h), which is why the links
 * carry explicit `start` and `end`.
 */
export function searchUrlToApiQuery(searchUrl: string): URLSearchParams {
  const url = new URL(searchUrl, 'http://jaeger.invalid');
  if (url.pathname !== '/search') throw new Error(`not a Jaeger UI search URL: ${searchUrl}`);
  return new URLSearchParams(url.searchParams);
}

/** Client for one Jaeger query endpoint. */
export class JaegerApi {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async #get(path: string): Promise<{ status: number; body: string }> {
    const res = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.text() };
  }

  /** Services Jaeger has seen. */
  async services(): Promise<string[]> {
    const { status, body } = await this.#get('/api/services');
    if (status !== 200) throw new Error(`/api/services: HTTP ${status} ${body}`);
    return (JSON.parse(body) as { data: string[] | null }).data ?? [];
  }

  /** `GET /api/traces?<query>`; returns the raw body too (for "is this string stored anywhere"). */
  async findTracesByQuery(query: URLSearchParams): Promise<{ traces: JaegerTrace[]; raw: string }> {
    const { status, body } = await this.#get(`/api/traces?${query.toString()}`);
    if (status !== 200) throw new Error(`/api/traces?${query}: HTTP ${status} ${body}`);
    return { traces: (JSON.parse(body) as { data: JaegerTrace[] | null }).data ?? [], raw: body };
  }

  /** Legacy tag search. */
  async findTraces(search: TraceSearch): Promise<{ traces: JaegerTrace[]; raw: string }> {
    const now = Date.now();
    const query = new URLSearchParams({
      service: search.service,
      start: String((now - (search.lookbackMs ?? 3_600_000)) * 1_000),
      end: String((now + 60_000) * 1_000),
      limit: String(search.limit ?? 100),
    });
    if (search.tags) query.set('tags', JSON.stringify(search.tags));
    if (search.operation) query.set('operation', search.operation);
    return this.findTracesByQuery(query);
  }

  /** One trace by id, or undefined when Jaeger does not have it. */
  async getTrace(traceId: string): Promise<{ trace: JaegerTrace; raw: string } | undefined> {
    const { status, body } = await this.#get(`/api/traces/${traceId}`);
    if (status === 404) return undefined;
    if (status !== 200) throw new Error(`/api/traces/${traceId}: HTTP ${status} ${body}`);
    const trace = (JSON.parse(body) as { data: JaegerTrace[] }).data[0];
    return trace ? { trace, raw: body } : undefined;
  }

  /** The page Jaeger serves at `/` (UI or placeholder, with the UI config injected). */
  async indexHtml(): Promise<string> {
    const { status, body } = await this.#get('/');
    if (status !== 200) throw new Error(`/: HTTP ${status}`);
    return body;
  }
}

/**
 * Polls `probe` until it returns a value accepted by `done` (ingestion is asynchronous: SDK batch →
 * collector batch → Jaeger batch). Returns the last value; throws with `describe(last)` on timeout.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 250, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await sleep(intervalMs);
  }
  const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
}
