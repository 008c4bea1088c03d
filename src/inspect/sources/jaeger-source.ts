import { InvalidArgumentError } from '../../errors.ts';
import { OtlpDecodeError } from '../ingest/errors.ts';
import { spansFromOtlpJson } from '../ingest/otlp-json.ts';
import { filterSummaries, summarizeConversations } from '../model/conversation-list.ts';
import { matchesFilter } from '../model/list-filter.ts';
import { CONVERSATION_ID_KEYS, FORK_ORIGIN_KEY, spanConversation } from '../model/span-conversation.ts';
import type { SpanRecord } from '../model/span-record.ts';
import { SpanSourceError } from './errors.ts';
import {
  type ConversationSpans,
  dedupeSpans,
  jaegerTraceUrl,
  type ListPage,
  type ListQuery,
  type SpanSource,
} from './source.ts';

/** Options of {@link JaegerSource}. */
export interface JaegerSourceOptions {
  /** Base URL of Jaeger's query service, e.g. `http://127.0.0.1:16686`. */
  url: string;
  /** Base URL for trace links; defaults to `url` (Jaeger v2 serves UI and API together). */
  uiUrl?: string;
  /** How far back to search. api_v3 requires a time range. Default 7 days. */
  lookbackMs?: number;
  /** `query.searchDepth` (max traces per search; must not exceed Jaeger's `max_traces`). Default 500. */
  searchDepth?: number;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
  /** `fetch` to use (tests). Default the global one. */
  fetch?: typeof fetch;
}

/**
 * Reads conversations from Jaeger's api_v3 HTTP gateway. api_v3 needs `query.start_time_min/max`, answers
 * an empty search with 404 (treated as "no traces"), and matches attributes span by span — convtrace
 * stamps `gen_ai.conversation.id` on every span of a run, so a search by it finds every trace of a
 * conversation. Searches run once per service (some storage backends require a service name) and
 * with `raw_traces=true`, so spans come back exactly as exported. Parameters use the snake_case
 * names, which every Jaeger v2 release accepts (camelCase only exists from v2.19 on).
 */
export class JaegerSource implements SpanSource {
  readonly description: string;
  readonly #url: string;
  readonly #uiUrl: string;
  readonly #lookbackMs: number;
  readonly #searchDepth: number;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  #legacyTagSearch = false;

  constructor(options: JaegerSourceOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new InvalidArgumentError('jaeger', `not a URL: ${JSON.stringify(options.url)}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new InvalidArgumentError('jaeger', 'must be an http(s) URL');
    }
    this.#url = parsed.href.replace(/\/+$/, '');
    this.#uiUrl = (options.uiUrl ?? this.#url).replace(/\/+$/, '');
    this.#lookbackMs = options.lookbackMs ?? 7 * 24 * 3600_000;
    this.#searchDepth = options.searchDepth ?? 500;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#fetch = options.fetch ?? fetch;
    this.description = `Jaeger at ${this.#url}`;
  }

  async listConversations(query: ListQuery = {}): Promise<ListPage> {
    const rows = filterSummaries(summarizeConversations(await this.recentSpans()), query.search).filter((r) =>
      matchesFilter(r, query),
    );
    const offset = query.offset ?? 0;
    return {
      conversations: rows.slice(offset, offset + (query.limit ?? 50)),
      total: rows.length,
      warnings: [],
    };
  }

  async readConversation(conversationId: string): Promise<ConversationSpans> {
    return { spans: await this.conversationSpans(conversationId), warnings: [] };
  }

  /** Spans of recent traces that belong to conversations (whole traces). */
  async recentSpans(): Promise<SpanRecord[]> {
    const services = await this.services();
    const found = await Promise.all(services.map((svc) => this.findTraces(svc)));
    const spans = dedupeSpans(found.flat());
    const traces = new Set<string>();
    for (const s of spans) if (spanConversation(s.attributes).id !== undefined) traces.add(s.traceId);
    return spans.filter((s) => traces.has(s.traceId));
  }

  async conversationSpans(conversationId: string): Promise<SpanRecord[]> {
    const services = await this.services();
    const keys = [...CONVERSATION_ID_KEYS, FORK_ORIGIN_KEY];
    const queries = services.flatMap((svc) =>
      keys.map((key) => this.findByAttribute(svc, key, conversationId)),
    );
    return dedupeSpans((await Promise.all(queries)).flat());
  }

  /**
   * Whole traces of `service` having a span with `key` = `value`. Uses api_v3's `query.attributes`;
   * releases before v2.19 ignore that parameter on api_v3 (they answer every trace in the window), which
   * is detected by a returned trace without a matching span — from then on this source finds trace ids
   * with the legacy `/api/traces?tags=` search and fetches each trace from api_v3.
   */
  async findByAttribute(service: string, key: string, value: string): Promise<SpanRecord[]> {
    if (!this.#legacyTagSearch) {
      const spans = await this.findTraces(service, { [key]: value });
      const matching = new Set(spans.filter((s) => s.attributes[key] === value).map((s) => s.traceId));
      if (spans.every((s) => matching.has(s.traceId))) return spans;
      this.#legacyTagSearch = true;
    }
    const ids = await this.#legacyTraceIds(service, key, value);
    const traces = await Promise.all(ids.map((id) => this.getTrace(id)));
    return traces.flat();
  }

  /** `GET /api/v3/traces/{id}` (raw); 404 means gone. */
  async getTrace(traceId: string): Promise<SpanRecord[]> {
    const body = await this.#get(`/api/v3/traces/${encodeURIComponent(traceId)}?raw_traces=true`);
    return body === undefined ? [] : this.#decode(body);
  }

  async #legacyTraceIds(service: string, key: string, value: string): Promise<string[]> {
    const nowUs = Date.now() * 1000;
    const q = new URLSearchParams({
      service,
      tags: JSON.stringify({ [key]: value }),
      start: String(nowUs - this.#lookbackMs * 1000),
      end: String(nowUs + 60_000_000),
      limit: String(this.#searchDepth),
    });
    const body = (await this.#get(`/api/traces?${q}`)) as { data?: unknown } | undefined;
    const data = Array.isArray(body?.data) ? body.data : [];
    return data
      .map((t) => (t && typeof t === 'object' ? (t as { traceID?: unknown }).traceID : undefined))
      .filter((id): id is string => typeof id === 'string' && /^[0-9a-f]{1,32}$/i.test(id));
  }

  traceUrl(traceId: string): string | undefined {
    return jaegerTraceUrl(this.#uiUrl, traceId);
  }

  /** `GET /api/v3/services`. */
  async services(): Promise<string[]> {
    const body = await this.#get('/api/v3/services');
    const list = body && typeof body === 'object' ? (body as { services?: unknown }).services : undefined;
    return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
  }

  /** `GET /api/v3/traces` for one service within the lookback window; 404 means none. */
  async findTraces(service: string, attributes?: Record<string, string>): Promise<SpanRecord[]> {
    const now = Date.now();
    // snake_case names: the only spelling before v2.19, still accepted (deprecated aliases) after it.
    const q = new URLSearchParams({
      'query.service_name': service,
      'query.start_time_min': new Date(now - this.#lookbackMs).toISOString(),
      'query.start_time_max': new Date(now + 60_000).toISOString(),
      'query.num_traces': String(this.#searchDepth),
      'query.raw_traces': 'true',
    });
    if (attributes) q.set('query.attributes', JSON.stringify(attributes));
    const body = await this.#get(`/api/v3/traces?${q}`);
    return body === undefined ? [] : this.#decode(body);
  }

  #decode(body: unknown): SpanRecord[] {
    const result = (body as { result?: unknown }).result ?? body;
    try {
      return spansFromOtlpJson(result);
    } catch (err) {
      if (err instanceof OtlpDecodeError) {
        throw new SpanSourceError(`Jaeger returned malformed traces: ${err.message}`);
      }
      throw err;
    }
  }

  async #get(path: string): Promise<unknown> {
    const url = `${this.#url}${path}`;
    let res: Response;
    try {
      res = await this.#fetch(url, {
        signal: AbortSignal.timeout(this.#timeoutMs),
        headers: { accept: 'application/json' },
      });
    } catch (err) {
      throw new SpanSourceError(`cannot reach Jaeger at ${this.#url}: ${(err as Error).message}`, undefined, {
        cause: err,
      });
    }
    const text = await res.text();
    if (res.status === 404) return undefined; // api_v3: "No traces found" is a 404
    if (!res.ok) {
      throw new SpanSourceError(
        `Jaeger ${path.split('?')[0]} answered ${res.status}: ${text.slice(0, 300)}`,
        res.status,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SpanSourceError(`Jaeger ${path.split('?')[0]} returned invalid JSON`, res.status);
    }
  }
}
