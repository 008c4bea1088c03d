import type { SpanRecord } from '../model/span-record.ts';
import type { SpanStore } from '../store/store.ts';
import {
  type ConversationSpans,
  jaegerTraceUrl,
  type ListPage,
  type ListQuery,
  type SpanSource,
} from './source.ts';

/** A {@link SpanSource} over the built-in receiver's {@link SpanStore}. */
export class StoreSource implements SpanSource {
  readonly description: string;
  private readonly store: SpanStore;
  private readonly jaegerUiUrl: string | undefined;

  /** @param jaegerUiUrl optional Jaeger UI base for trace links (when spans also go to Jaeger). */
  constructor(store: SpanStore, jaegerUiUrl?: string) {
    this.store = store;
    this.jaegerUiUrl = jaegerUiUrl;
    this.description = `local store ${store.file}`;
  }

  async listConversations(query: ListQuery = {}): Promise<ListPage> {
    return { ...this.store.listConversations(query), warnings: [] };
  }

  async conversationSpans(conversationId: string): Promise<SpanRecord[]> {
    return this.store.conversationSpans(conversationId);
  }

  async readConversation(conversationId: string): Promise<ConversationSpans> {
    return { spans: this.store.conversationSpans(conversationId), warnings: [] };
  }

  traceUrl(traceId: string): string | undefined {
    return jaegerTraceUrl(this.jaegerUiUrl, traceId);
  }
}
