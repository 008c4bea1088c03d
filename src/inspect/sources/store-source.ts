import { spanConversation } from '../model/span-conversation.ts';
import type { SpanRecord } from '../model/span-record.ts';
import type { SpanStore } from '../store/store.ts';
import { jaegerTraceUrl, type SpanSource } from './source.ts';

/** A {@link SpanSource} over the built-in receiver's {@link SpanStore}. */
export class StoreSource implements SpanSource {
  readonly description: string;
  readonly #store: SpanStore;
  readonly #jaegerUiUrl: string | undefined;

  /** @param jaegerUiUrl optional Jaeger UI base for trace links (when spans also go to Jaeger). */
  constructor(store: SpanStore, jaegerUiUrl?: string) {
    this.#store = store;
    this.#jaegerUiUrl = jaegerUiUrl;
    this.description = `local store ${store.file}`;
  }

  async recentSpans(): Promise<SpanRecord[]> {
    const all = this.#store.all();
    const traces = new Set<string>();
    for (const s of all) if (spanConversation(s.attributes).id !== undefined) traces.add(s.traceId);
    return all.filter((s) => traces.has(s.traceId));
  }

  async conversationSpans(conversationId: string): Promise<SpanRecord[]> {
    return this.#store.tracesOfConversation(conversationId).flatMap((t) => [...this.#store.trace(t)]);
  }

  traceUrl(traceId: string): string | undefined {
    return jaegerTraceUrl(this.#jaegerUiUrl, traceId);
  }
}
