import { diag } from '@opentelemetry/api';
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

/** The smallest time window a capped search is split into. */
const MIN_WINDOW_MS = 1000;

/** Traces the list may still read, shared by its searches. */
interface ListBudget {
  traces: number;
  warned: boolean;
}

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
  /** The list reads at most this many traces (newest windows first), then warns. Default 20 × searchDepth. */
  maxListTraces?: number;
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
  readonly _url: string;
  readonly _uiUrl: string;
  readonly _lookbackMs: number;
  readonly _searchDepth: number;
  readonly _timeoutMs: number;
  readonly _fetch: typeof fetch;
  readonly _maxListTraces: number;
  private legacyTagSearch = false;

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
    this._url = parsed.href.replace(/\/+$/, '');
    this._uiUrl = (options.uiUrl ?? this._url).replace(/\/+$/, '');
    this._lookbackMs = options.lookbackMs ?? 7 * 24 * 3600_000;
    this._searchDepth = options.searchDepth ?? 500;
    for (const [field, v] of [
      ['lookback', this._lookbackMs],
      ['searchDepth', this._searchDepth],
    ] as const)
      if (!Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(field, 'must be a positive number');
    this._maxListTraces = options.maxListTraces ?? 20 * this._searchDepth;
    this._timeoutMs = options.timeoutMs ?? 15_000;
    this._fetch = options.fetch ?? fetch;
    this.description = `Jaeger at ${this._url}`;
  }

  async listConversations(query: ListQuery = {}): Promise<ListPage> {
    const warnings: string[] = [];
    const rows = filterSummaries(
      summarizeConversations(await this._recentSpans(warnings)),
      query.search,
    ).filter((r) => matchesFilter(r, query));
    const offset = query.offset ?? 0;
    return { conversations: rows.slice(offset, offset + (query.limit ?? 50)), total: rows.length, warnings };
  }

  async readConversation(conversationId: string): Promise<ConversationSpans> {
    const warnings: string[] = [];
    const services = await this.services();
    const keys = [...CONVERSATION_ID_KEYS, FORK_ORIGIN_KEY];
    const queries = services.flatMap((svc) =>
      keys.map((key) => this.findByAttribute(svc, key, conversationId, warnings)),
    );
    return { spans: dedupeSpans((await Promise.all(queries)).flat()), warnings };
  }

  async conversationSpans(conversationId: string): Promise<SpanRecord[]> {
    const { spans, warnings } = await this.readConversation(conversationId);
    for (const w of warnings) diag.warn(`convtrace: ${w}`);
    return spans;
  }

  /** Spans of recent traces that belong to conversations (whole traces), newest windows first. */
  async recentSpans(warnings: string[] = []): Promise<SpanRecord[]> {
    return this._recentSpans(warnings);
  }

  async _recentSpans(warnings: string[]): Promise<SpanRecord[]> {
    const services = await this.services();
    const budget: ListBudget = { traces: this._maxListTraces, warned: false };
    const found: SpanRecord[] = [];
    for (const svc of services) found.push(...(await this.findTraces(svc, undefined, warnings, budget)));
    const spans = dedupeSpans(found);
    const traces = new Set<string>();
    for (const s of spans) if (spanConversation(s.attributes).id !== undefined) traces.add(s.traceId);
    return spans.filter((s) => traces.has(s.traceId));
  }

  /**
   * Whole traces of `service` having a span with `key` = `value`. Uses api_v3's `query.attributes`;
   * releases before v2.19 ignore that parameter on api_v3 (they answer every trace in the window), which
   * is detected by a returned trace without a matching span — from then on this source finds trace ids
   * with the legacy `/api/traces?tags=` search and fetches each trace from api_v3.
   */
  async findByAttribute(
    service: string,
    key: string,
    value: string,
    warnings: string[] = [],
  ): Promise<SpanRecord[]> {
    if (!this.legacyTagSearch) {
      const spans = await this.findTraces(service, { [key]: value }, warnings);
      const matching = new Set(spans.filter((s) => s.attributes[key] === value).map((s) => s.traceId));
      if (spans.every((s) => matching.has(s.traceId))) return spans;
      this.legacyTagSearch = true;
    }
    const ids = new Set<string>();
    const now = Date.now();
    await this.windows(now - this._lookbackMs, now + 60_000, warnings, undefined, async (from, to) => {
      const found = await this.legacyTraceIds(service, key, value, from, to);
      for (const id of found) ids.add(id);
      return { traces: found.length, result: undefined };
    });
    const traces = await Promise.all([...ids].map((id) => this.getTrace(id)));
    return traces.flat();
  }

  /** `GET /api/v3/traces/{id}` (raw); 404 means gone. */
  async getTrace(traceId: string): Promise<SpanRecord[]> {
    const body = await this.get(`/api/v3/traces/${encodeURIComponent(traceId)}?raw_traces=true`);
    return body === undefined ? [] : this.decode(body);
  }

  private async legacyTraceIds(
    service: string,
    key: string,
    value: string,
    from: number,
    to: number,
  ): Promise<string[]> {
    const q = new URLSearchParams({
      service,
      tags: JSON.stringify({ [key]: value }),
      start: String(Math.floor(from * 1000)),
      end: String(Math.ceil(to * 1000)),
      limit: String(this._searchDepth),
    });
    const body = (await this.get(`/api/traces?${q}`)) as { data?: unknown } | undefined;
    const data = Array.isArray(body?.data) ? body.data : [];
    return data
      .map((t) => (t && typeof t === 'object' ? (t as { traceID?: unknown }).traceID : undefined))
      .filter((id): id is string => typeof id === 'string' && /^[0-9a-f]{1,32}$/i.test(id));
  }

  traceUrl(traceId: string): string | undefined {
    return jaegerTraceUrl(this._uiUrl, traceId);
  }

  /** `GET /api/v3/services`; anything but Jaeger's answer there means the URL is not Jaeger's query API. */
  async services(): Promise<string[]> {
    const notJaeger = (what: string) =>
      new SpanSourceError(
        `${this._url} does not answer like Jaeger's query API (GET /api/v3/services ${what}); ` +
          'point --jaeger at the query service, e.g. http://127.0.0.1:16686',
      );
    const body = await this.get('/api/v3/services', () => notJaeger('answered 404'));
    const list = body && typeof body === 'object' ? (body as { services?: unknown }).services : undefined;
    if (list === undefined || list === null) return []; // a Jaeger with no data omits the field
    if (!Array.isArray(list)) throw notJaeger('returned no service list');
    return list.filter((s): s is string => typeof s === 'string');
  }

  /**
   * `GET /api/v3/traces` for one service over the lookback window. A window whose answer reached the
   * search depth is split in two and both halves are searched again, until every window answered
   * below the cap — so nothing is cut silently. A window that cannot shrink further (1 s), or a
   * spent `budget` (the list), adds a warning with the numbers.
   */
  async findTraces(
    service: string,
    attributes?: Record<string, string>,
    warnings: string[] = [],
    budget?: ListBudget,
  ): Promise<SpanRecord[]> {
    const now = Date.now();
    const out: SpanRecord[] = [];
    await this.windows(now - this._lookbackMs, now + 60_000, warnings, budget, async (from, to) => {
      // snake_case names: the only spelling before v2.19, still accepted (deprecated aliases) after it.
      const q = new URLSearchParams({
        'query.service_name': service,
        'query.start_time_min': new Date(from).toISOString(),
        'query.start_time_max': new Date(to).toISOString(),
        'query.num_traces': String(this._searchDepth),
        'query.raw_traces': 'true',
      });
      if (attributes) q.set('query.attributes', JSON.stringify(attributes));
      const body = await this.get(`/api/v3/traces?${q}`);
      const spans = body === undefined ? [] : this.decode(body);
      return { traces: new Set(spans.map((s) => s.traceId)).size, result: spans };
    }).then((parts) => {
      for (const p of parts) if (p) out.push(...p);
    });
    return out;
  }

  /**
   * Searches [from, to), newest half first, splitting windows whose answer hit the search depth. With
   * a `budget`, stops (and warns once) when the kept traces have used it up.
   */
  private async windows<T>(
    from: number,
    to: number,
    warnings: string[],
    budget: ListBudget | undefined,
    search: (from: number, to: number) => Promise<{ traces: number; result: T }>,
  ): Promise<T[]> {
    if (budget && budget.traces <= 0) {
      if (!budget.warned) {
        budget.warned = true;
        warnings.push(
          `Jaeger list stopped after ${this._maxListTraces} traces; conversations active only before ${new Date(to).toISOString()} are missing (narrow --lookback)`,
        );
      }
      return [];
    }
    const { traces, result } = await search(from, to);
    const capped = traces >= this._searchDepth;
    if (!capped || to - from <= MIN_WINDOW_MS) {
      if (capped)
        warnings.push(
          `Jaeger returned ${traces} traces (the search depth, ${this._searchDepth}) for ${new Date(from).toISOString()} – ${new Date(to).toISOString()}; some may be missing (raise --search-depth up to Jaeger's max_traces)`,
        );
      if (budget) budget.traces -= traces;
      return [result];
    }
    const mid = from + Math.floor((to - from) / 2);
    const newer = await this.windows(mid, to, warnings, budget, search);
    const older = await this.windows(from, mid, warnings, budget, search);
    return [...newer, ...older];
  }

  private decode(body: unknown): SpanRecord[] {
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

  private async get(path: string, onNotFound?: () => Error): Promise<unknown> {
    const url = `${this._url}${path}`;
    let res: Response;
    try {
      res = await this._fetch(url, {
        signal: AbortSignal.timeout(this._timeoutMs),
        headers: { accept: 'application/json' },
      });
    } catch (err) {
      throw new SpanSourceError(`cannot reach Jaeger at ${this._url}: ${(err as Error).message}`, undefined, {
        cause: err,
      });
    }
    const text = await res.text();
    if (res.status === 404) {
      if (onNotFound) throw onNotFound();
      return undefined; // api_v3: "No traces found" is a 404
    }
    if (!res.ok) {
      throw new SpanSourceError(
        `Jaeger ${path.split('?')[0]} answered ${res.status}: ${text.slice(0, 300)}`,
        res.status,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SpanSourceError(
        `${this._url}${path.split('?')[0]} returned no JSON: not Jaeger's query API?`,
        res.status,
      );
    }
  }
}
