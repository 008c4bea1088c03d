import type { SpanRecord } from '../model/span-record.ts';

/**
 * Where the inspector reads spans from. Implemented by {@link JaegerSource} (Jaeger's query API) and
 * {@link StoreSource} (the built-in receiver's store); the views only ever see this interface.
 */
export interface SpanSource {
  /** Human-readable description, e.g. `Jaeger at http://127.0.0.1:16686`. */
  readonly description: string;
  /** Spans of recent traces that belong to conversations (whole traces), for the conversation list. */
  recentSpans(): Promise<SpanRecord[]>;
  /**
   * Every span of every trace that belongs to `conversationId` (any span carries it as
   * `gen_ai.conversation.id`) or to a run forked from it (`convtrace.history.conversation_id`).
   */
  conversationSpans(conversationId: string): Promise<SpanRecord[]>;
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
