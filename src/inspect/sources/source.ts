import type { ConversationSummary } from '../model/conversation-list.ts';
import type { ListFilter } from '../model/list-filter.ts';
import type { SpanRecord } from '../model/span-record.ts';

/** A page of the conversation list (optionally filtered, see {@link ListFilter}). */
export interface ListQuery extends ListFilter {
  /** Case-insensitive text in id, agent, model or first prompt. */
  search?: string;
  /** Rows per page. Default 50. */
  limit?: number;
  /** Rows to skip. Default 0. */
  offset?: number;
}

/** One page of conversations, most recent activity first. */
export interface ListPage {
  conversations: ConversationSummary[];
  /** Conversations matching the query, all pages (as far as the source could see). */
  total: number;
  /** Caps hit while reading (e.g. Jaeger's search depth), with numbers: the list may be incomplete. */
  warnings: string[];
}

/** Spans of one conversation, and what may be missing from them. */
export interface ConversationSpans {
  spans: SpanRecord[];
  /** Caps hit while reading, with numbers: the conversation may be incomplete. */
  warnings: string[];
}

/**
 * Where the inspector reads spans from. Implemented by {@link JaegerSource} (Jaeger's query API) and
 * {@link StoreSource} (the built-in receiver's store); the views only ever see this interface.
 */
export interface SpanSource {
  /** Human-readable description, e.g. `Jaeger at http://127.0.0.1:16686`. */
  readonly description: string;
  /** One page of the conversation list. */
  listConversations(query?: ListQuery): Promise<ListPage>;
  /**
   * Every span of every trace that belongs to `conversationId` (see `model/span-conversation.ts`) or
   * to a run forked from it.
   */
  conversationSpans(conversationId: string): Promise<SpanRecord[]>;
  /** {@link conversationSpans} with the warnings of any cap hit while reading. */
  readConversation(conversationId: string): Promise<ConversationSpans>;
  /** Link to one trace in a trace UI (Jaeger), when one is configured. */
  traceUrl(traceId: string): string | undefined;
}

/** Removes duplicate spans (same trace and span id), keeping the first. */
export function dedupeSpans(spans: readonly SpanRecord[]): SpanRecord[] {
  const seen = new Set<string>();
  const out: SpanRecord[] = [];
  for (const s of spans) {
    const key = `${s.traceId}/${s.spanId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** Builds a Jaeger UI trace link (`<base>/trace/<id>`), or undefined without a base URL. */
export function jaegerTraceUrl(baseUrl: string | undefined, traceId: string): string | undefined {
  if (!baseUrl) return undefined;
  return `${baseUrl.replace(/\/+$/, '')}/trace/${encodeURIComponent(traceId)}`;
}
