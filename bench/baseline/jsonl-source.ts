/**
 * How the inspector read the JSONL store before issue 14 (commit 94001f3's StoreSource + web server):
 * every list request summarises every stored span. Kept for bench/inspect-store.ts only.
 */
import { filterSummaries, summarizeConversations } from '../../src/inspect/model/conversation-list.ts';
import { spanConversation } from '../../src/inspect/model/span-conversation.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import type { ConversationSpans, ListPage, ListQuery, SpanSource } from '../../src/inspect/sources/source.ts';
import type { SpanStore } from './jsonl-store.ts';

export class JsonlSource implements SpanSource {
  readonly description: string;
  readonly #store: SpanStore;

  constructor(store: SpanStore) {
    this.#store = store;
    this.description = `JSONL store ${store.file}`;
  }

  async listConversations(query: ListQuery = {}): Promise<ListPage> {
    const all = this.#store.all();
    const traces = new Set<string>();
    for (const s of all) if (spanConversation(s.attributes).id !== undefined) traces.add(s.traceId);
    const rows = filterSummaries(
      summarizeConversations(all.filter((s) => traces.has(s.traceId))),
      query.search,
    );
    const offset = query.offset ?? 0;
    return {
      conversations: rows.slice(offset, offset + (query.limit ?? 50)),
      total: rows.length,
      warnings: [],
    };
  }

  async conversationSpans(id: string): Promise<SpanRecord[]> {
    return this.#store.tracesOfConversation(id).flatMap((t) => [...this.#store.trace(t)]);
  }

  async readConversation(id: string): Promise<ConversationSpans> {
    return { spans: await this.conversationSpans(id), warnings: [] };
  }

  traceUrl(): string | undefined {
    return undefined;
  }
}
